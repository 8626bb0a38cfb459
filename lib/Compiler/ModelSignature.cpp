//===- ModelSignature.cpp - inputs and outputs of a compiled model --------===//

#include "rnn/Compiler/ModelSignature.h"
#include "rnn/Runtime/rnnc_abi.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

static int32_t dtypeOf(Type type) {
  if (type.isF32())
    return RNNC_FLOAT32;
  if (type.isF64())
    return RNNC_FLOAT64;
  if (type.isInteger(1))
    return RNNC_BOOL;
  if (type.isSignlessInteger(32) || type.isSignedInteger(32))
    return RNNC_INT32;
  if (type.isSignlessInteger(64) || type.isSignedInteger(64))
    return RNNC_INT64;
  if (type.isSignlessInteger(8) || type.isSignedInteger(8))
    return RNNC_INT8;
  if (type.isUnsignedInteger(8))
    return RNNC_UINT8;
  return 0;
}


unsigned rnn::TensorSpec::elementBytes() const {
  return rnnc_dtype_size(dtype);
}

const char *rnn::TensorSpec::cType() const {
  switch (dtype) {
  case RNNC_FLOAT32:
    return "float";
  case RNNC_FLOAT64:
    return "double";
  case RNNC_INT32:
    return "int32_t";
  case RNNC_INT64:
    return "int64_t";
  case RNNC_INT8:
    return "int8_t";
  default:
    return "uint8_t";
  }
}

static FailureOr<rnn::TensorSpec> makeSpec(func::FuncOp func, Type type,
                                           DictionaryAttr attrs,
                                           StringRef kind, unsigned index) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  rnn::TensorSpec spec;
  auto name = attrs ? attrs.getAs<StringAttr>("rnn.name") : StringAttr();
  spec.name = name ? name.str() : (kind + Twine(index)).str();
  if (!tensor)
    return func.emitError() << kind << " '" << spec.name << "' has type "
                            << type << "; the C ABI needs ranked tensors";
  spec.dtype = dtypeOf(tensor.getElementType());
  if (!spec.dtype)
    return func.emitError() << kind << " '" << spec.name
                            << "' has element type " << tensor.getElementType()
                            << ", which the C ABI does not support";
  if (tensor.getRank() > RNNC_MAX_RANK)
    return func.emitError() << kind << " '" << spec.name << "' has rank "
                            << tensor.getRank() << "; the C ABI allows up to "
                            << RNNC_MAX_RANK;
  auto dimNames = attrs ? attrs.getAs<ArrayAttr>("rnn.dim_names") : ArrayAttr();
  for (auto [i, size] : llvm::enumerate(tensor.getShape())) {
    spec.shape.push_back(ShapedType::isDynamic(size) ? -1 : size);
    std::string dimName;
    if (dimNames && i < dimNames.size())
      if (auto str = dyn_cast<StringAttr>(dimNames[i]))
        dimName = str.str();
    spec.dimNames.push_back(ShapedType::isDynamic(size) ? dimName : "");
  }
  return spec;
}

FailureOr<rnn::ModelSignature> rnn::getModelSignature(func::FuncOp func,
                                                      StringRef modelName) {
  ModelSignature sig;
  sig.modelName = modelName.str();
  sig.entrySymbol = func.getSymName().str();
  FunctionType type = func.getFunctionType();
  for (auto [i, t] : llvm::enumerate(type.getInputs())) {
    auto spec = makeSpec(func, t, func.getArgAttrDict(i), "input", i);
    if (failed(spec))
      return failure();
    sig.inputs.push_back(std::move(*spec));
  }
  for (auto [i, t] : llvm::enumerate(type.getResults())) {
    auto spec = makeSpec(func, t, func.getResultAttrDict(i), "output", i);
    if (failed(spec))
      return failure();
    sig.outputs.push_back(std::move(*spec));
  }
  return sig;
}
