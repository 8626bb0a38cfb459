//===- rnn_ap_fixed.h - replacement for Xilinx ap_fixed.h -------*- C++ -*-===//
// (placeholder: fixed-point mode is not implemented yet)
//===----------------------------------------------------------------------===//
#ifndef RNN_AP_FIXED_H
#define RNN_AP_FIXED_H
#endif
