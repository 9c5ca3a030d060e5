// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package spurious reproduces Safran and Shamir's experiment (ICML 2018):
// for teachers of k neurons in dimension d = k (V = I_k) and students of
// n = k + ℓ neurons, many gradient-descent runs from random initializations,
// each ending classified as a global minimum, a spurious minimum or a saddle
// (or undecided), with the spurious fraction per (k, n) and the block types
// of the spurious minima found. It is the library behind examples/spurious.
//
// # The runs
//
// A run is landscape.SafranRun: W₀ with i.i.d. N(0, 1/n) entries, gradient
// descent on the population loss F with step 5/n until ‖∇F‖_F ≤ 1e-10 (or
// 200000 steps), Newton polishing to ‖∇F‖_F < 1e-13, then the verdict from
// the Hessian's spectrum: global minimum (F ≈ 0), spurious minimum (F > 0,
// H positive definite), saddle, degenerate or undecided; and the block type
// (p₁, …, p_r) of the end point's isotropy. Spurious minima are merged into
// orbits of S_n × S_k (landscape.Orbits).
//
// # The sweep
//
// Each run is a job of a landscape/sweep plan keyed (k, n, run) in the
// order k, then ℓ, then run, with its seed derived from (seed, k, n, run)
// alone, so the sweep is parallel, deterministic at any number of workers,
// resumable from its checkpoint and shardable across processes, and a sweep
// with more runs contains the runs of a smaller one.
//
// # The statistics
//
// For each (k, n) the spurious fraction p̂ = spurious/runs is reported with
// its 95% Wilson score interval (Wilson), which keeps its coverage for the
// small counts and the fractions near 0 and 1 that this experiment
// produces, where the normal interval p̂ ± 1.96√(p̂(1−p̂)/runs) collapses.
package spurious
