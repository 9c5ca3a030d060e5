// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package sytrd reduces a dense symmetric matrix to tridiagonal form,
// A = Q·T·Qᵀ, the first step of every dense symmetric eigensolver, and
// applies Q to the eigenvectors of T afterwards.
//
// Q is a product of Householder reflectors H₀·H₁·…·H_{n−2},
// Hₖ = I − τₖ·uₖ·uₖᵀ, where Hₖ zeroes column k of the partly reduced
// matrix below its subdiagonal. A row-major upper triangle is a
// column-major lower one, so the reduction is LAPACK's dsytrd with uplo =
// 'L' (Golub and Van Loan, §8.3.1), and column k of the lower triangle,
// which Hₖ acts on, is the contiguous row k of the upper.
//
// Reduce works on panels of b columns (LAPACK's dlatrd): for each column k
// of a panel it needs wₖ = τₖ·(A − V·Wᵀ − W·Vᵀ)·uₖ (then corrected by a
// multiple of uₖ), where A is the trailing matrix as it was before the
// panel and V, W hold the panel's earlier u and w, so that A itself is only
// updated after the panel, by A ← A − V·Wᵀ − W·Vᵀ, computed as one product
// [V W]·[W V]ᵀ of depth 2·b on the upper triangle. Half of the 4n³/3
// flops are in that update (compute-bound); the other half are the
// symmetric matrix–vector products A·uₖ, which read the trailing triangle
// once per column and are bound by memory bandwidth. Every step is cut into
// two fixed parts, run by the caller and one helper goroutine that polls for
// work between the steps (a reduction at n = 2000 has about 10⁴ steps of a
// few microseconds, too short for a goroutine or a wake-up each). The parts
// are claimed from an atomic counter, so the caller runs both when the
// helper has no core, and pollers yield their thread and P now and then and
// block after a while, so that a loaded machine degrades to one core rather
// than to waiting. The parts are cut where they take about the same time,
// which is not at equal areas: short rows cost more per entry. The partial
// sums of the parts are added in a fixed order, so the results are the same
// bits at any GOMAXPROCS. Panels are 16 columns wide below n = 768 and 32
// from there on.
//
// ApplyQ computes Q·Z from the stored reflectors 64 or 128 at a time, in
// LAPACK's compact WY form H_p·…·H_{p+b−1} = I − V·S·Vᵀ with S upper
// triangular (dlarft), as three matrix products: 2n²·c flops for an n×c
// matrix Z, whose two halves of columns go to two goroutines.
package sytrd
