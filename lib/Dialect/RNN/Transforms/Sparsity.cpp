//===- Sparsity.cpp - pruning rule and sparse storage formats -------------===//

#include "Sparsity.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::rnn;

std::optional<std::pair<int64_t, int64_t>>
rnn::parseBlockShape(llvm::StringRef s) {
  auto [r, c] = s.split('x');
  int64_t rows, cols;
  if (r.getAsInteger(10, rows) || c.getAsInteger(10, cols) || rows < 1 ||
      cols < 1)
    return std::nullopt;
  return std::make_pair(rows, cols);
}

std::optional<PruneBalance> rnn::parseBalance(llvm::StringRef s) {
  if (s == "row")
    return PruneBalance::Row;
  if (s == "gate")
    return PruneBalance::Gate;
  if (s == "matrix")
    return PruneBalance::Matrix;
  if (s == "bank")
    return PruneBalance::Bank;
  return std::nullopt;
}

PruneStats rnn::pruneMatrix(llvm::MutableArrayRef<float> m, int64_t rows,
                            int64_t cols, int64_t gateRows,
                            const PruneRule &rule) {
  PruneStats stats;
  int64_t br = rule.blockRows, bc = rule.blockCols;
  int64_t blockRowsTotal = rows / br, blockCols = (cols + bc - 1) / bc;
  // Block scores in row-major block order; inside a block, row-major sums.
  llvm::SmallVector<double> score(blockRowsTotal * blockCols, 0.0);
  for (int64_t i = 0; i < blockRowsTotal; ++i)
    for (int64_t j = 0; j < blockCols; ++j) {
      double s = 0.0;
      for (int64_t r = i * br; r < (i + 1) * br; ++r)
        for (int64_t c = j * bc; c < std::min(cols, (j + 1) * bc); ++c) {
          double w = m[r * cols + c];
          s += w * w;
        }
      score[i * blockCols + j] = s;
    }
  // A balance group: groupBlockRows rows of blocks x bankBlocks columns of
  // blocks (all of them except for PruneBalance::Bank).
  int64_t groupBlockRows = 1;
  if (rule.balance == PruneBalance::Gate)
    groupBlockRows = gateRows / br;
  else if (rule.balance == PruneBalance::Matrix)
    groupBlockRows = blockRowsTotal;
  int64_t bankBlocks = rule.balance == PruneBalance::Bank
                           ? std::max<int64_t>(1, rule.bankCols / bc)
                           : blockCols;
  for (int64_t g0 = 0; g0 < blockRowsTotal; g0 += groupBlockRows)
    for (int64_t j0 = 0; j0 < blockCols; j0 += bankBlocks) {
      int64_t width = std::min(bankBlocks, blockCols - j0);
      llvm::SmallVector<int64_t> order; // row-major block order in the group
      for (int64_t i = g0; i < g0 + groupBlockRows; ++i)
        for (int64_t j = j0; j < j0 + width; ++j)
          order.push_back(i * blockCols + j);
      int64_t n = order.size();
      if (stats.smallestGroup == 0 || n < stats.smallestGroup)
        stats.smallestGroup = n;
      // Highest score first; equal scores keep index order (stable sort).
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return score[a] > score[b];
      });
      int64_t pruned =
          static_cast<int64_t>(std::floor(rule.sparsity * n + 0.5));
      for (int64_t idx : llvm::drop_begin(order, n - pruned)) {
        int64_t i = idx / blockCols, j = idx % blockCols;
        int64_t c1 = std::min(cols, (j + 1) * bc);
        for (int64_t r = i * br; r < (i + 1) * br; ++r)
          for (int64_t c = j * bc; c < c1; ++c)
            m[r * cols + c] = 0.0f;
        stats.zeroedWeights += br * (c1 - j * bc);
      }
    }
  return stats;
}

BlockCSR rnn::buildBlockCSR(llvm::ArrayRef<float> b, int64_t rows,
                            int64_t cols, int64_t blockRows,
                            int64_t blockCols) {
  BlockCSR s;
  s.rows = rows;
  s.cols = cols;
  s.blockRows = blockRows;
  s.blockCols = blockCols;
  s.rowPtr.push_back(0);
  for (int64_t i = 0; i < rows / blockRows; ++i) {
    for (int64_t j = 0; j < cols / blockCols; ++j) {
      bool any = false;
      for (int64_t r = 0; r < blockRows && !any; ++r)
        for (int64_t c = 0; c < blockCols && !any; ++c)
          any = b[(i * blockRows + r) * cols + j * blockCols + c] != 0.0f;
      if (!any)
        continue;
      s.colIdx.push_back(j * blockCols);
      for (int64_t c = 0; c < blockCols; ++c)
        for (int64_t r = 0; r < blockRows; ++r)
          s.values.push_back(b[(i * blockRows + r) * cols + j * blockCols + c]);
    }
    s.rowPtr.push_back(s.colIdx.size());
  }
  return s;
}

double rnn::zeroFraction(llvm::ArrayRef<float> b) {
  if (b.empty())
    return 1.0;
  int64_t zeros = llvm::count_if(b, [](float v) { return v == 0.0f; });
  return static_cast<double>(zeros) / b.size();
}

BlockCSR rnn::chooseBlockCSR(llvm::ArrayRef<float> b, int64_t rows,
                             int64_t cols, int64_t *cost) {
  // Column blocks of width > 1 are stored column by column, so that the
  // row kernel takes a block as one FMA of vector<R*C> (the C activations
  // repeated R times) and the lanes kernel as C FMAs per row of a block. The
  // cost per block (kSparseCostPerBlock) was fitted on the one-column
  // blocks; blocks of several columns are cheaper per block since the
  // one-FMA form, so the model rates them conservatively.
  static const std::pair<int64_t, int64_t> candidates[] = {
      {1, 1}, {2, 1}, {4, 1}, {8, 1}, {16, 1}, {4, 2}, {4, 4}, {8, 4}};
  int64_t bestCost = INT64_MAX;
  std::pair<int64_t, int64_t> best{1, 1};
  for (auto [br, bc] : candidates) {
    if (rows % br || cols % bc)
      continue;
    int64_t blocks = 0;
    for (int64_t i = 0; i < rows / br; ++i)
      for (int64_t j = 0; j < cols / bc; ++j) {
        bool any = false;
        for (int64_t r = 0; r < br && !any; ++r)
          for (int64_t c = 0; c < bc && !any; ++c)
            any = b[(i * br + r) * cols + j * bc + c] != 0.0f;
        blocks += any;
      }
    int64_t c = blocks * (br * bc * kSparseCostPerValue + kSparseCostPerBlock);
    // Strictly cheaper only: on ties the smaller block (listed first) wins.
    if (c < bestCost) {
      bestCost = c;
      best = {br, bc};
    }
  }
  if (cost)
    *cost = bestCost;
  return buildBlockCSR(b, rows, cols, best.first, best.second);
}

namespace {

/// Rows of B in groups of `R` whose non-zeros fall in the same tiles (see
/// EllTiles): counts[r * tiles + g] is the number of non-zeros of row r in
/// tile column g. Greedy: a group starts with the remaining row with the
/// largest sum of squared counts (the most uneven), then 15 times takes the
/// remaining row that raises the group's per-tile maxima by the least
/// (ties: the larger sum of squares, then the lower row).
llvm::SmallVector<int32_t> groupRowsByTiles(llvm::ArrayRef<uint16_t> counts,
                                            int64_t rows, int64_t tiles,
                                            int64_t R) {
  llvm::SmallVector<int64_t> squares(rows, 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t g = 0; g < tiles; ++g)
      squares[r] += int64_t(counts[r * tiles + g]) * counts[r * tiles + g];
  llvm::SmallVector<int32_t> remaining(rows), order;
  std::iota(remaining.begin(), remaining.end(), 0);
  llvm::SmallVector<int64_t> maxima(tiles);
  auto take = [&](size_t i) {
    int32_t r = remaining[i];
    remaining.erase(remaining.begin() + i);
    order.push_back(r);
    for (int64_t g = 0; g < tiles; ++g)
      maxima[g] = std::max<int64_t>(maxima[g], counts[r * tiles + g]);
  };
  while (!remaining.empty()) {
    size_t seed = 0;
    for (size_t i = 1; i < remaining.size(); ++i)
      if (squares[remaining[i]] > squares[remaining[seed]])
        seed = i;
    std::fill(maxima.begin(), maxima.end(), 0);
    take(seed);
    for (int64_t k = 1; k < R && !remaining.empty(); ++k) {
      size_t best = 0;
      int64_t bestRise = INT64_MAX;
      for (size_t i = 0; i < remaining.size(); ++i) {
        const uint16_t *c = &counts[remaining[i] * tiles];
        int64_t rise = 0;
        for (int64_t g = 0; g < tiles; ++g)
          rise += std::max<int64_t>(0, int64_t(c[g]) - maxima[g]);
        if (rise < bestRise ||
            (rise == bestRise &&
             squares[remaining[i]] > squares[remaining[best]])) {
          best = i;
          bestRise = rise;
        }
      }
      take(best);
    }
  }
  return order;
}

/// Entries of tiled ELLPACK with the rows in `order` (16 per tile row).
int64_t ellEntries(llvm::ArrayRef<uint16_t> counts, llvm::ArrayRef<int32_t> order,
                   int64_t tiles, int64_t R) {
  int64_t entries = 0;
  for (size_t r0 = 0; r0 < order.size(); r0 += R)
    for (int64_t g = 0; g < tiles; ++g) {
      int64_t width = 0;
      for (int64_t l = 0; l < R; ++l)
        width = std::max<int64_t>(width, counts[order[r0 + l] * tiles + g]);
      entries += width;
    }
  return entries;
}

} // namespace

EllTiles rnn::buildEllTiles(llvm::ArrayRef<float> b, int64_t rows,
                            int64_t cols, bool groupRows) {
  constexpr int64_t R = EllTiles::kRows, C = EllTiles::kCols;
  EllTiles s;
  s.rows = rows;
  s.cols = cols;
  int64_t tiles = s.tileCols();
  llvm::SmallVector<int32_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  if (groupRows && rows > R) {
    llvm::SmallVector<uint16_t> counts(rows * tiles, 0);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        counts[r * tiles + c / C] += b[r * cols + c] != 0.0f;
    llvm::SmallVector<int32_t> grouped =
        groupRowsByTiles(counts, rows, tiles, R);
    if (ellEntries(counts, grouped, tiles, R) <
        ellEntries(counts, order, tiles, R)) {
      order = grouped;
      s.rowOrder = grouped;
    }
  }
  s.tilePtr.push_back(0);
  s.groupPtr.push_back(0);
  for (int64_t r0 = 0; r0 < rows; r0 += R)
    for (int64_t c0 = 0; c0 < cols; c0 += C) {
      int64_t c1 = std::min(cols, c0 + C);
      // Non-zero columns (inside the tile) of each row of the tile.
      llvm::SmallVector<llvm::SmallVector<uint8_t>> nz(R);
      size_t width = 0;
      for (int64_t l = 0; l < R; ++l) {
        int64_t row = order[r0 + l];
        for (int64_t c = c0; c < c1; ++c)
          if (b[row * cols + c] != 0.0f)
            nz[l].push_back(c - c0);
        width = std::max(width, nz[l].size());
      }
      constexpr size_t W = EllTiles::kEntriesPerWord;
      size_t groups = (width + W - 1) / W, firstWord = s.colWords.size();
      s.colWords.resize(firstWord + groups * R, 0);
      for (size_t e = 0; e < width; ++e)
        for (int64_t l = 0; l < R; ++l) {
          bool real = e < nz[l].size();
          uint8_t col = real ? nz[l][e] : 0;
          s.colWords[firstWord + (e / W) * R + l] |=
              uint32_t(col) << (EllTiles::kColumnBits * (e % W));
          s.values.push_back(real ? b[order[r0 + l] * cols + c0 + col] : 0.0f);
        }
      s.tilePtr.push_back(s.tilePtr.back() + width);
      s.groupPtr.push_back(s.groupPtr.back() + groups);
    }
  return s;
}

int64_t rnn::ellCost(const EllTiles &s) {
  return s.numEntries() * kEllCostPerEntry +
         s.tileRows() * s.tileCols() * kEllCostPerTile +
         int64_t(s.rowOrder.size()) * kEllCostPerReorderedRow;
}

int64_t rnn::ellRowsCost(const EllTiles &s) {
  return s.numEntries() * kEllRowsCostPerEntry +
         s.tileRows() * s.tileCols() * kEllRowsCostPerTile;
}

EllInt8Tiles rnn::buildEllInt8Tiles(llvm::ArrayRef<int8_t> q, int64_t rows,
                                    int64_t cols) {
  constexpr int64_t R = EllInt8Tiles::kRows, C = EllInt8Tiles::kCols,
                    G = EllInt8Tiles::kGroup;
  EllInt8Tiles s;
  s.rows = rows;
  s.cols = cols;
  s.tilePtr.push_back(0);
  for (int64_t r0 = 0; r0 < rows; r0 += R)
    for (int64_t c0 = 0; c0 < cols; c0 += C) {
      int64_t c1 = std::min(cols, c0 + C);
      llvm::SmallVector<llvm::SmallVector<uint8_t>> nz(R);
      size_t width = 0;
      for (int64_t l = 0; l < R; ++l) {
        for (int64_t c = c0; c < c1; ++c)
          if (q[(r0 + l) * cols + c] != 0)
            nz[l].push_back(c - c0);
        width = std::max(width, nz[l].size());
      }
      size_t entries = (width + G - 1) / G;
      for (size_t e = 0; e < entries; ++e)
        for (int64_t l = 0; l < R; ++l)
          for (int64_t j = 0; j < G; ++j) {
            size_t i = e * G + j;
            bool real = i < nz[l].size();
            uint8_t col = real ? nz[l][i] : 0;
            s.colIdx.push_back(col);
            s.values.push_back(real ? q[(r0 + l) * cols + c0 + col] : 0);
          }
      s.tilePtr.push_back(s.tilePtr.back() + entries);
    }
  return s;
}

int64_t rnn::ellInt8Cost(const EllInt8Tiles &s) {
  return s.numEntries() * kEllInt8CostPerEntry +
         s.tileRows() * s.tileCols() * kEllInt8CostPerTile;
}
