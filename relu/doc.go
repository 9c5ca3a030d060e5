// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package relu implements finite-width two-layer ReLU networks
//
//	f(x) = s · Σ_{r=1..m} a_r relu(w_r·x + b_r),
//
// with the first layer W (m×d, row r is neuron w_r), optional biases b,
// output weights a and an output scale s (1/√m for the NTK parametrization
// of Du et al. 2019, 1 for the standard one).
//
// Batches are n×d matrices whose rows are the inputs x_i; forward passes and
// gradients are computed with BLAS-3 products over the whole batch.
//
// Convention: relu′(0) = 0, so a neuron whose pre-activation is exactly zero
// is inactive and contributes nothing to any gradient.
package relu
