//===- Sparsity.h - pruning rule and sparse storage formats -----*- C++ -*-===//
//
// The arithmetic behind rnn-prune-weights and rnn-sparse-kernels, kept free
// of IR so that both passes (and scripts/prune_onnx.py, which mirrors the
// pruning rule in numpy) agree on one definition.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_LIB_DIALECT_RNN_TRANSFORMS_SPARSITY_H
#define RNN_LIB_DIALECT_RNN_TRANSFORMS_SPARSITY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
namespace rnn {

/// Which groups of blocks keep the same number of blocks.
enum class PruneBalance {
  Row,    ///< every row of blocks (R weight rows) keeps the same count (ESE)
  Gate,   ///< every gate's [H, K] sub-matrix keeps the same count
  Matrix, ///< one magnitude ranking over the whole [G*H, K] matrix
};

struct PruneRule {
  double sparsity = 0.0; ///< fraction of blocks set to zero, in [0, 1)
  int64_t blockRows = 1, blockCols = 1;
  PruneBalance balance = PruneBalance::Row;
};

/// Parses "RxC" (both >= 1); nullopt if malformed.
std::optional<std::pair<int64_t, int64_t>> parseBlockShape(llvm::StringRef s);
std::optional<PruneBalance> parseBalance(llvm::StringRef s);

/// Prunes one row-major [rows, cols] matrix in place whose rows form gates of
/// `gateRows` rows. Blocks are R x C tiles from the top-left corner (the last
/// block column may be narrower when C does not divide cols); a block's
/// score is the sum of the squares of its weights, accumulated in double in
/// row-major order inside the block. In each balance group of `n` blocks,
/// floor(P * n + 0.5) blocks with the lowest scores become zero; ties keep
/// the block with the lower index (row-major block order). Requires
/// blockRows to divide gateRows and gateRows to divide rows.
void pruneMatrix(llvm::MutableArrayRef<float> m, int64_t rows, int64_t cols,
                 int64_t gateRows, const PruneRule &rule);

/// Storage of C += A * B^T with B [N, K] as block-CSR: blocks of R rows x C
/// columns (1x1 is plain CSR). Block row `br` owns blocks
/// [rowPtr[br], rowPtr[br + 1]); block j starts at column colIdx[j] and its
/// values are stored column by column: values[(j * C + c) * R + r] is
/// B[br * R + r, colIdx[j] + c], so one column of a block is one vector<R>.
struct BlockCSR {
  int64_t rows = 0, cols = 0, blockRows = 1, blockCols = 1;
  llvm::SmallVector<int32_t> rowPtr, colIdx;
  llvm::SmallVector<float> values;

  int64_t numBlocks() const { return colIdx.size(); }
  /// Bytes of the three arrays (i32 indices, f32 values).
  int64_t bytes() const {
    return 4 * (rowPtr.size() + colIdx.size() + values.size());
  }
};

/// B as block-CSR with R x C blocks; R must divide rows and C cols. A block
/// is stored iff it holds a non-zero (-0.0 counts as zero).
BlockCSR buildBlockCSR(llvm::ArrayRef<float> b, int64_t rows, int64_t cols,
                       int64_t blockRows, int64_t blockCols);

/// Fraction of exact zeros of `b`.
double zeroFraction(llvm::ArrayRef<float> b);

/// Cost of a sparse product in units of one weight of the dense kernels
/// (benchmarks/sparse_bench.py, LSTM/GRU H=1024 at batch 1 on AMD Zen 4):
/// every stored value costs about as much as a dense weight, and every block
/// about 5 more (its column index, the dependent activation load, the loop
/// step). So CSR pays from about 83% zeros, 4x1 blocks from about 56% and
/// 8x1 blocks from about 38%.
constexpr int64_t kSparseCostPerValue = 1, kSparseCostPerBlock = 5;

/// The block shape (from a fixed candidate list, restricted to shapes that
/// divide [rows, cols]) with the lowest cost by the model above; its cost
/// goes to `cost` (compare with rows * cols for the dense kernels).
BlockCSR chooseBlockCSR(llvm::ArrayRef<float> b, int64_t rows, int64_t cols,
                        int64_t *cost = nullptr);

} // namespace rnn
} // namespace mlir

#endif // RNN_LIB_DIALECT_RNN_TRANSFORMS_SPARSITY_H
