//===- Calibration.h - activation ranges from calibration data -*- C++ -*-===//
//
// rnnc --calibration-data DIR: runs a calibration build of the model (an f32
// library compiled with rnn-record-activation-ranges) on every input set in
// DIR and returns the recorded max |a| of each activation site.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_TOOLS_RNNC_CALIBRATION_H
#define RNN_TOOLS_RNNC_CALIBRATION_H

#include <string>
#include <vector>

namespace rnn {

/// The input sets of a calibration directory: its subdirectories, sorted by
/// name. Fails (returns false, sets `error`) when DIR is missing or has no
/// subdirectory.
bool listCalibrationSets(const std::string &dir,
                         std::vector<std::string> &sets, std::string &error);

/// Loads `library` (a calibration build), runs it on every set (each set
/// holds one NAME.npy per model input; NAME may also be spelled with the
/// characters outside [A-Za-z0-9_.-] replaced by '_', as rnn-run writes
/// outputs) and returns the ranges it recorded. On failure returns false and
/// sets `error` to a message naming the set, file or input and the reason.
bool runCalibration(const std::string &library,
                    const std::vector<std::string> &sets,
                    std::vector<double> &ranges, std::string &error);

} // namespace rnn

#endif // RNN_TOOLS_RNNC_CALIBRATION_H
