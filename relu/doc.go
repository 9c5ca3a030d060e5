// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package relu implements finite-width two-layer ReLU networks,
//
//	f(x) = s · Σ_{r=1..m} a_r relu(w_r·x + b_r),
//
// their losses, gradients and training, and the diagnostics of the theory of
// over-parameterized training (Du, Zhai, Póczos & Singh 2019; Zou & Gu 2019;
// Allen-Zhu, Li & Song 2019).
//
// # Networks
//
// A Net holds the first layer W (m×d, row r is neuron w_r), optional biases
// b (nil for none), output weights a and an output scale s: s = 1/√m is the
// NTK parametrization of Du et al. (NewNTK: w_r ~ N(0, I), a_r = ±1), s = 1
// the standard one (NewStandard: entries of W ~ N(0, β²/d), a_r = ±1/√m).
// InitGaussian, InitHe (N(0, 2/m)), InitDu (N(0, 1)) and InitSigns fill
// parameters from a math/rand/v2 source in a documented order, so a seed
// fixes every bit.
//
// Batches are n×d matrices whose rows are the inputs x_i. The preactivations
// Z = X Wᵀ + 1bᵀ (n×m) are one matrix product, and so is every gradient:
// with ℓ′_i = ∂ℓ/∂f(x_i) and D[i,r] = ℓ′_i s a_r 1{z_ir > 0},
//
//	∂L/∂W = Dᵀ X,   ∂L/∂b = Dᵀ 1,   ∂L/∂a = s relu(Z)ᵀ ℓ′,   ∂L/∂X = D W.
//
// Convention: relu′(0) = 0, so a neuron whose preactivation is exactly zero
// is inactive and contributes nothing to any gradient (JAX uses ½; the
// difference matters only on a set of measure zero). CheckGradient compares
// all these gradients with central finite differences at points away from
// the kinks; every model and loss of the package passes it in the tests.
//
// # Losses and training
//
// The loss of a batch is L = Σ_i ℓ(f(x_i), y_i) (or the mean) with Square
// ½(f − y)², and for labels y ∈ {±1} the margin losses Logistic
// log(1 + e^{−yf}) and Exponential e^{−yf}. A Trainer runs full-batch GD or
// minibatch SGD, θ ← θ − η(∇L + λθ), on the chosen Layers with the rest
// frozen, stops on a loss or margin tolerance, a step count, an Observer's
// request or a cancelled context, records a history, and reports divergence
// (a NaN or infinite loss) as ErrDiverged with the step. Its buffers are
// reused, so the training loop makes no allocations of its own (large
// batches start a goroutine per core for the elementwise pass, and the BLAS
// implementation may allocate inside its products).
//
// # Over-parameterization diagnostics
//
// For unit inputs, the infinite-width Gram matrix of Du et al. and its least
// eigenvalue are
//
//	H∞_ij = E_{w~N(0,I)}[x_i·x_j 1{w·x_i ≥ 0, w·x_j ≥ 0}] = x_i·x_j (π − arccos(x_i·x_j)) / (2π),
//	λ0 = λ_min(H∞)
//
// (GramInf, Lambda0); the finite-width Gram matrix at any time t,
//
//	H(t)_ij = (1/m) x_i·x_j Σ_r 1{w_r(t)·x_i > 0, w_r(t)·x_j > 0}
//
// (Net.Gram, LambdaMin), governs GD on the square loss:
// u(k+1) − y ≈ (I − ηH(k))(u(k) − y). Du et al. show that for
// m = Ω(n⁶/(λ0⁴δ³)) the activation patterns 1{w_r·x_i > 0} barely change
// (PatternChange), every neuron stays within O(√n/(√m λ0)) of its start
// (MaxDistance), λ_min(H(t)) ≥ λ0/2 and the loss decays linearly. Zou & Gu
// phrase the condition through the separation φ = min_{i≠j} ‖x_i − x_j‖
// (Separation). DuWidth, AllenZhuWidth and ZouGuWidth give the orders of the
// width conditions with their constants set to 1.
//
// # Speed
//
// Forward passes and gradients are GEMMs through gonum's blas64, so they
// run at the speed of the installed BLAS implementation (see linalg's
// Backend); the Gram matrices are symmetric rank-k updates (Dsyrk) followed
// by elementwise work. Benchmarks BenchmarkTrainStep and BenchmarkGram do the
// work of the train_step and gram workloads of the NumPy/PyTorch peers.
package relu
