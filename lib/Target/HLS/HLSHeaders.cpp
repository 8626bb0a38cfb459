//===- HLSHeaders.cpp - support headers written beside HLS kernels --------===//

#include "rnn/Target/HLS/EmitHLS.h"

#include "HLSHeaders.inc"

llvm::StringRef rnn::getHLSSupportHeader() { return kHLSSupportText; }
llvm::StringRef rnn::getAPFixedHeader() { return kAPFixedText; }
llvm::StringRef rnn::getNpyHeader() { return kNpyText; }
llvm::StringRef rnn::getHLSStreamHeader() { return kStreamText; }
