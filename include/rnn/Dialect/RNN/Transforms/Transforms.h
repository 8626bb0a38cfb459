//===- Transforms.h - rnn dialect rewrite patterns --------------*- C++ -*-===//
//
// Patterns behind the rnn passes, for drivers that want to combine them with
// their own patterns (as upstream Linalg's Transforms.h does).
//
//===----------------------------------------------------------------------===//

#ifndef RNN_DIALECT_RNN_TRANSFORMS_TRANSFORMS_H
#define RNN_DIALECT_RNN_TRANSFORMS_TRANSFORMS_H

namespace mlir {
class RewritePatternSet;

namespace rnn {

/// Rewrites rnn.lstm / rnn.gru / rnn.rnn into an input-projection matmul per
/// direction, an scf.for over time and cell ops (see rnn-expand-sequences).
void populateExpandSequencesPatterns(RewritePatternSet &patterns);

/// Lowers rnn.lstm_cell / rnn.gru_cell / rnn.rnn_cell into linalg matmuls and
/// an elementwise gate epilogue (see convert-rnn-to-linalg).
void populateRNNCellToLinalgPatterns(RewritePatternSet &patterns);

} // namespace rnn
} // namespace mlir

#endif // RNN_DIALECT_RNN_TRANSFORMS_TRANSFORMS_H
