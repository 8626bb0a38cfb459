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
  Bank,   ///< every row of blocks within each bank of `bankCols` columns
          ///< keeps the same count (bank-balanced sparsity): with 64-column
          ///< banks every row of a tiled-ELLPACK tile has the same width
};

struct PruneRule {
  double sparsity = 0.0; ///< fraction of blocks set to zero, in [0, 1)
  int64_t blockRows = 1, blockCols = 1;
  PruneBalance balance = PruneBalance::Row;
  /// Bank width in columns for PruneBalance::Bank (rounded down to whole
  /// blocks, at least one block; the last bank of a row may be narrower).
  int64_t bankCols = 64;
};

/// Parses "RxC" (both >= 1); nullopt if malformed.
std::optional<std::pair<int64_t, int64_t>> parseBlockShape(llvm::StringRef s);
std::optional<PruneBalance> parseBalance(llvm::StringRef s);

/// What pruneMatrix did: with few blocks per group the rounding moves the
/// zeroed fraction far from P (a row of one block is pruned entirely from
/// P = 0.5 on).
struct PruneStats {
  /// Weights in the blocks the rule zeroed (zero before or not).
  int64_t zeroedWeights = 0;
  /// Blocks in the smallest balance group.
  int64_t smallestGroup = 0;
};

/// Prunes one row-major [rows, cols] matrix in place whose rows form gates of
/// `gateRows` rows. Blocks are R x C tiles from the top-left corner (the last
/// block column may be narrower when C does not divide cols); a block's
/// score is the sum of the squares of its weights, accumulated in double in
/// row-major order inside the block. In each balance group of `n` blocks,
/// floor(P * n + 0.5) blocks with the lowest scores become zero; ties keep
/// the block with the lower index (row-major block order). Requires
/// blockRows to divide gateRows and gateRows to divide rows.
///
/// Returns the weights zeroed and the smallest group (PruneStats).
PruneStats pruneMatrix(llvm::MutableArrayRef<float> m, int64_t rows,
                       int64_t cols, int64_t gateRows, const PruneRule &rule);

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

/// What the lanes kernel (16 or more rows of A, static) pays besides its
/// blocks: it works on A^T and C^T, so it moves A [M, K] into A^T, C [M, N]
/// into C^T (a fill when C is zero) and C^T back, each padded to a multiple
/// of 16 rows of A: about M (K + 2N) elements, element by element or by
/// 8-lane gathers. The dense kernels' N*K units stand for the M N K
/// multiply-adds of all M rows (one unit: M of them, M / 16 FMAs of 16
/// lanes), so moving M elements costs about kLanesCostPerTransposed units,
/// the same for every M: in all kLanesCostPerTransposed * (K + 2N). Measured
/// on the projection of benchmarks/sparse_bench.py's `recurrent` models
/// (M = 100, N = 4096, K = 16, perf): the transpose back alone (gathers)
/// took 11% of the whole run at 95% sparsity, about twice the dense
/// product it replaced; with 16 per element that projection is dense at
/// every sparsity (16 * 8208 > 4096 * 16), while the `whole` models' 4096 x
/// 1024 projection (16 * 9216, 3.5% of N*K) keeps its sparse formats.
constexpr int64_t kLanesCostPerTransposed = 16;

/// The lanes kernel's transposes by the model above, for B [n, k].
inline int64_t lanesTransposeCost(int64_t n, int64_t k) {
  return kLanesCostPerTransposed * (k + 2 * n);
}

/// Tiled ELLPACK storage of B [N, K] for the recurrent step at batch 1. The
/// rows of B are taken in the order `rowOrder` (empty: 0, 1, ..., N-1) and
/// cut into tiles of kRows = 16 rows (the f32 lanes of one AVX-512 vector)
/// by kCols = 64 columns (the four registers two vpermi2ps select from).
/// Tile t (row-major tile order) holds `width` entries, where width is the
/// largest number of non-zeros of a row inside the tile; entry e of tile t
/// is one vector: values[(tilePtr[t] + e) * 16 + l] is the e-th non-zero of
/// row rowOrder[16 * tileRow + l] inside the tile. Its column inside the
/// tile (0..63) is a 6-bit field, five entries to a 32-bit word: bits
/// 6 * (e % 5) .. 6 * (e % 5) + 5 of colWords[(groupPtr[t] + e / 5) * 16 + l]
/// (the last word of a tile may hold fewer than five; bits 30 and 31 are
/// zero). Shorter rows are padded with zero weights at column 0 (an exact
/// 0 * x). An entry costs 64 bytes of values and 12.8 of columns. The
/// kernel keeps the tile's 64 activations in four registers and, per entry,
/// shifts the word vector (no widening shuffle), selects each lane's
/// activation with two permutes (their low 5 index bits; the bits above
/// are ignored) and a blend (bit 5 of the shifted word) and does one FMA
/// for 16 rows: no gather, no dependent load.
///
/// A tile costs its longest row, so the rows sharing a tile should have
/// their non-zeros in the same tiles: `rowOrder` groups rows greedily (a
/// group of 16 starts with the remaining row whose counts per tile are the
/// most uneven, then takes 15 times the remaining row that raises the
/// group's per-tile maxima the least). With row-balanced random zeros this
/// removes about a fifth of the entries; any order is valid (the kernel
/// writes row rowOrder[i]'s sum to C[rowOrder[i]]).
struct EllTiles {
  static constexpr int64_t kRows = 16, kCols = 64;
  /// Entries per column word, and the bits of each entry's column field.
  static constexpr int64_t kEntriesPerWord = 5, kColumnBits = 6;
  int64_t rows = 0, cols = 0;
  llvm::SmallVector<int32_t> rowOrder; ///< [rows] or empty (identity)
  llvm::SmallVector<int32_t> tilePtr;  ///< [tileRows * tileCols + 1]
  llvm::SmallVector<int32_t> groupPtr; ///< [tileRows * tileCols + 1]
  llvm::SmallVector<uint32_t> colWords; ///< [groups, kRows]
  llvm::SmallVector<float> values;     ///< [entries, kRows]

  int64_t tileRows() const { return rows / kRows; }
  int64_t tileCols() const { return (cols + kCols - 1) / kCols; }
  int64_t numEntries() const { return tilePtr.empty() ? 0 : tilePtr.back(); }
  int64_t numGroups() const { return groupPtr.empty() ? 0 : groupPtr.back(); }
  /// Column (inside the tile) of lane l of entry e of tile t.
  uint8_t column(int64_t t, int64_t e, int64_t l) const {
    return (colWords[(groupPtr[t] + e / kEntriesPerWord) * kRows + l] >>
            (kColumnBits * (e % kEntriesPerWord))) &
           (kCols - 1);
  }
  /// Bytes of the arrays (i32 tile and group pointers, the column words,
  /// f32 values, and the i32 inverse row order when the rows are
  /// reordered).
  int64_t bytes() const {
    return 4 * (tilePtr.size() + groupPtr.size() + colWords.size() +
                values.size() + rowOrder.size());
  }
};

/// B as tiled ELLPACK; requires kRows to divide rows (the last column of
/// tiles may be narrower than kCols). With `groupRows` the rows are
/// reordered as above when that saves entries (else rowOrder stays empty).
EllTiles buildEllTiles(llvm::ArrayRef<float> b, int64_t rows, int64_t cols,
                       bool groupRows = true);

/// Cost of the tiled ELLPACK kernel in the units of kSparseCostPerValue
/// (one dense weight: 4 bytes streamed): per entry its 76.8 bytes (16 f32
/// values and 16 6-bit columns, padding included; per entry a shift, two
/// permutes and a blend, one FMA), per tile four
/// activation loads, the pointer loads and a data-dependent trip count,
/// and, with reordered rows, per row the gather putting the sums back in
/// order. Checked on the recurrent step of benchmarks/sparse_bench.py (LSTM
/// / GRU H=1024): block-CSR ran faster for 8x1 blocks at 80% (20%, CPU
/// time), 90% and 95% and 4x1 at 95% (wall clock under load), ELLPACK for
/// 4x1 at 80% and 90% (12-19%, CPU time); 22 per entry separates them
/// (12, the 16x32 kernel's fit, took 8x1 at 90% and 4x1 at 95%; 20 took
/// 8x1 at 80%).
constexpr int64_t kEllCostPerEntry = 22, kEllCostPerTile = 48,
                  kEllCostPerReorderedRow = 2;

/// Cost of `s` by the model above.
int64_t ellCost(const EllTiles &s);

/// Rows of A per pass of the many-rows tiled-ELLPACK kernel (the input
/// projection of all steps, C's rows written directly in B's row order):
/// each row keeps its activations of a tile in registers, one vector per
/// 16 columns (one or two when B has at most 16 or 32 columns, else four),
/// so that the P rows' activations and accumulators fit in the 32 AVX-512
/// registers: 8 rows for up to 32 columns, else 4.
inline int64_t ellRowsPerPass(int64_t cols) { return cols <= 32 ? 8 : 4; }

/// Cost of the many-rows kernel for one row of A, in the units of the
/// dense kernels' N*K (which stand for all M rows: one unit is one weight
/// times one row of A): per entry one or two permutes and an FMA for each
/// row of the pass, the entry's value and word loads shared by the P rows;
/// per tile the activation loads, the pointer loads and a data-dependent
/// trip count, shared by the P rows. No transposes (compare with the lanes
/// kernel's cost plus lanesTransposeCost).
constexpr int64_t kEllRowsCostPerEntry = 16, kEllRowsCostPerTile = 48;

/// The model above assumes the entries stay in cache across the M / P
/// passes; the kernel is only chosen when its arrays fit in half of the
/// 1 MB L2 of Zen 4. Measured (perf, benchmarks/sparse_bench.py `whole`
/// LSTM, projection 4096 x 1024, M = 100): 80% (6.2 MB of entries) 20%
/// slower than the dense kernel, 95% (2.3 MB) about 50% slower than the
/// block-CSR lanes kernel; the `recurrent` models' 3072 or 4096 x 16
/// projections (26-160 KB) are 1.5-2x faster than dense at 50-95%.
constexpr int64_t kEllRowsMaxBytes = 512 * 1024;

/// Cost of the many-rows kernel on `s` by the model above.
int64_t ellRowsCost(const EllTiles &s);

/// Tiled ELLPACK of int8 weights (rnn-quantize-weights' per-row q) for the
/// int8 dot product of the recurrent step: tiles of kRows = 16 rows (the
/// i32 lanes of vpdpbusd) by kCols = 128 columns (the 128 activation bytes
/// one AVX-512 VBMI vpermi2b selects from, two 64-byte registers). An entry
/// holds kGroup = 4 non-zeros of each of the 16 rows, lane by lane:
/// values[(tilePtr[t] + e) * 64 + 4 * l + j] is the (4e + j)-th non-zero of
/// row l of tile t and colIdx[...] its column inside the tile (0..127, one
/// byte). Tile t holds ceil(w / 4) entries, w being the most non-zeros of
/// one of its rows; shorter rows are padded with zero weights at column 0
/// (an exact 0 in the i32 sum). Per entry the kernel permutes the tile's
/// activation bytes by the column bytes and does one vpdpbusd: 64 byte
/// products into 16 i32 lanes, no gather.
struct EllInt8Tiles {
  static constexpr int64_t kRows = 16, kCols = 128, kGroup = 4;
  static constexpr int64_t kEntryBytes = kRows * kGroup;
  int64_t rows = 0, cols = 0;
  llvm::SmallVector<int32_t> tilePtr; ///< [tileRows * tileCols + 1]
  llvm::SmallVector<uint8_t> colIdx;  ///< [entries, 64]
  llvm::SmallVector<int8_t> values;   ///< [entries, 64]

  int64_t tileRows() const { return rows / kRows; }
  int64_t tileCols() const { return (cols + kCols - 1) / kCols; }
  int64_t numEntries() const { return tilePtr.empty() ? 0 : tilePtr.back(); }
  /// Bytes of the kernel's constants: i32 tile pointers, i8 columns, i8
  /// values, and per row an f32 scale and an i32 offset (-128 * row sum).
  int64_t bytes() const {
    return 4 * tilePtr.size() + colIdx.size() + values.size() + 8 * rows;
  }
};

/// `q` [rows, cols] (row-major int8) as int8 tiled ELLPACK; requires kRows
/// to divide rows (the last column of tiles may be narrower than kCols).
EllInt8Tiles buildEllInt8Tiles(llvm::ArrayRef<int8_t> q, int64_t rows,
                               int64_t cols);

/// Cost of the int8 ELLPACK kernel in units of one weight (byte) of the
/// dense int8 kernel, which streams rows * cols bytes with one vpdpbusd per
/// 64: per entry its 128 bytes (values and columns; the permute and the dot
/// product are two uops for 64 products), per tile two activation loads,
/// the pointer loads and a data-dependent trip count. At row-balanced 80%
/// (about 1.4x padding) that is about 0.6 of the dense bytes, at 60% about
/// 1.0 (the break-even).
constexpr int64_t kEllInt8CostPerEntry = 128, kEllInt8CostPerTile = 128;

/// Cost of `s` by the model above.
int64_t ellInt8Cost(const EllInt8Tiles &s);

} // namespace rnn
} // namespace mlir

#endif // RNN_LIB_DIALECT_RNN_TRANSFORMS_SPARSITY_H
