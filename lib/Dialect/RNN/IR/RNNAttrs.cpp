//===- RNNAttrs.cpp - rnn dialect attributes ------------------------------===//

#include "rnn/Dialect/RNN/IR/RNNAttrs.h"
#include "rnn/Dialect/RNN/IR/RNNDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::rnn;

#include "rnn/Dialect/RNN/IR/RNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "rnn/Dialect/RNN/IR/RNNAttrs.cpp.inc"

void RNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "rnn/Dialect/RNN/IR/RNNAttrs.cpp.inc"
      >();
}

unsigned ActivationAttr::getNumParams(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::affine:
  case ActivationKind::scaled_tanh:
  case ActivationKind::hard_sigmoid:
    return 2;
  case ActivationKind::leaky_relu:
  case ActivationKind::thresholded_relu:
  case ActivationKind::elu:
    return 1;
  default:
    return 0;
  }
}

std::pair<float, float> ActivationAttr::getDefaultParams(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::affine:
    return {1.0f, 0.0f};
  case ActivationKind::leaky_relu:
    return {0.01f, 0.0f};
  case ActivationKind::thresholded_relu:
  case ActivationKind::elu:
    return {1.0f, 0.0f};
  case ActivationKind::scaled_tanh:
    return {1.0f, 1.0f};
  case ActivationKind::hard_sigmoid:
    return {0.2f, 0.5f};
  default:
    return {0.0f, 0.0f};
  }
}

ActivationAttr ActivationAttr::get(MLIRContext *ctx, ActivationKind kind) {
  auto [alpha, beta] = getDefaultParams(kind);
  return get(ctx, kind, alpha, beta);
}

ActivationAttr ActivationAttr::get(MLIRContext *ctx, ActivationKind kind,
                                   float alpha, float beta) {
  return get(ctx, kind, APFloat(alpha), APFloat(beta));
}

// #rnn.act<kind [, alpha = A [, beta = B]]>
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  StringRef name;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&name))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(name);
  if (!kind) {
    parser.emitError(loc) << "unknown activation function '" << name << "'";
    return {};
  }
  auto [alpha, beta] = getDefaultParams(*kind);
  unsigned numParams = getNumParams(*kind);
  unsigned seen = 0;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    double value;
    if (parser.parseKeyword(&key) || parser.parseEqual() ||
        parser.parseFloat(value))
      return {};
    unsigned index = key == "alpha" ? 0 : key == "beta" ? 1 : 2;
    if (index == 2) {
      parser.emitError(keyLoc) << "expected 'alpha' or 'beta', got '" << key
                               << "'";
      return {};
    }
    if (index >= numParams) {
      parser.emitError(keyLoc)
          << "activation '" << name << "' takes " << numParams
          << " parameter(s), so '" << key << "' is not allowed";
      return {};
    }
    if (index < seen) {
      parser.emitError(keyLoc) << "'" << key << "' given twice or out of order";
      return {};
    }
    seen = index + 1;
    (index == 0 ? alpha : beta) = static_cast<float>(value);
  }
  if (parser.parseGreater())
    return {};
  return get(parser.getContext(), *kind, alpha, beta);
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << '<' << stringifyActivationKind(getKind());
  unsigned numParams = getNumParams(getKind());
  if (numParams >= 1) {
    printer << ", alpha = ";
    printer.printFloat(getAlpha());
  }
  if (numParams >= 2) {
    printer << ", beta = ";
    printer.printFloat(getBeta());
  }
  printer << '>';
}
