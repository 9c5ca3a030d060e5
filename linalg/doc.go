// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package linalg provides the spectral tools relulab's studies are built on:
// symmetric eigendecompositions, spectra with multiplicities and inertia,
// Cauchy interlacing checks with descent certificates, and Lanczos for the
// extreme eigenpairs of an operator known only through y = A·x. It works over
// gonum's mat and lapack64 packages and knows nothing about networks.
//
// # Symmetric eigendecomposition
//
// Every real symmetric n×n matrix A has an orthogonal eigendecomposition
//
//	A = Q Λ Qᵀ,   Λ = diag(λ₁, …, λₙ),   λ₁ ≤ λ₂ ≤ … ≤ λₙ,   QᵀQ = I.
//
// EigenSym computes Λ, and Q only when asked: the values-only path
// (LAPACK's EVNone) is several times cheaper, and is what SpectrumOf and
// Interlace use. A mat.Symmetric is defined by its upper triangle; inputs are
// never modified. Column i of Q is fixed up to sign by making its entry of
// largest magnitude positive, so that results do not depend on the LAPACK
// implementation for simple eigenvalues. All full eigendecompositions in the
// package go through one internal hook, so the LAPACK backend can be
// swapped without changing results beyond rounding.
//
// A computed eigenvalue of a backward-stable solver is the exact eigenvalue
// of a matrix A + E with ‖E‖₂ ≲ p(n)·ε·‖A‖₂ (ε = 2⁻⁵², p a modest
// polynomial), so by Weyl's inequality |λ̂ᵢ − λᵢ| ≲ p(n)·ε·‖A‖₂ with
// ‖A‖₂ = max |λᵢ|. The default tolerances below are derived from this.
//
// # Spectra, multiplicities and inertia
//
// A Spectrum holds the sorted eigenvalues and their clusters: the distinct
// eigenvalues with multiplicities. Two eigenvalues are "equal" at the scale
//
//	δ = Abs + Rel·max |λᵢ|
//
// (Tolerance; the zero value means Rel = 1e-8 ≈ √ε, Abs = 0). Clustering is
// single linkage on the sorted values: a new cluster starts exactly where
// λᵢ₊₁ − λᵢ > δ. The clusters are thus uniquely defined, independent of the
// input order, separated by gaps larger than δ, and each has the mean of its
// members as Value. Single linkage chains: a run of values with every gap
// ≤ δ is one cluster however wide it is (at most (Mult−1)·δ); Spectrum.Members
// shows a cluster's members, so a chain is visible rather than hidden.
//
// The inertia of A (Sylvester) is the triple (n₋, n₀, n₊) of negative, zero
// and positive eigenvalues, where λ counts as zero when |λ| ≤ δ. For a
// Hessian at a critical point the inertia classifies the point (Verdict):
// positive definite (a strict local minimum), strict saddle (n₋ > 0, a
// direction of negative curvature exists; its index is n₋), degenerate
// (n₋ = 0 < n₀, the second-order test is inconclusive) or negative definite.
//
// # Cauchy interlacing and descent certificates
//
// For a principal m×m submatrix B = A[I, I] of a symmetric n×n matrix A
// (rows and columns in the index set I), Cauchy's interlacing theorem says
//
//	λᵢ(A) ≤ λᵢ(B) ≤ λ_{i+n−m}(A),   i = 1, …, m.
//
// Interlace computes both spectra and the margins λᵢ(B) − λᵢ(A) and
// λ_{i+n−m}(A) − λᵢ(B), reporting any below −tol. In particular
// λ_min(A) ≤ λ_min(B): if B has a negative eigenvalue μ with unit eigenvector
// y, the vector v ∈ Rⁿ with v_I = y and zeros elsewhere has vᵀAv = yᵀBy = μ < 0,
// a direction of negative curvature of A found on a small block.
// DescentCertificate returns μ, v and vᵀAv computed on A itself.
//
// # Lanczos
//
// For a large symmetric A given only as a function computing y = A·x (for
// instance a Hessian-vector product), Lanczos finds the k smallest or largest
// eigenpairs by Rayleigh–Ritz on a Krylov space: with V an orthonormal basis
// of span{X, AX, A²X, …} for a random n×k start block X, the Ritz pairs
// (θ, Vy) come from the eigenpairs (θ, y) of the projected matrix VᵀAV.
// The basis is kept orthonormal by full reorthogonalization (two passes of
// Gram–Schmidt against all previous vectors), so no spurious copies of
// converged eigenvalues appear, and the block size k lets eigenvalues
// repeated up to k times among the wanted ones appear with their full
// multiplicity. Each Ritz pair's residual r = ‖Av − θv‖ bounds the error
// of θ: some eigenvalue of A lies within r of θ (within r²/gap when the rest
// of the spectrum is gap away). The start block is drawn from a seeded
// math/rand/v2 source, so a seed fixes the result bit for bit. Failure to
// converge within the iteration budget is returned as ErrNoConvergence
// together with the best pairs found.
//
// # Partial spectra
//
// Classifying a critical point needs λ_min and the inertia, not all n
// eigenvalues. InertiaOf counts the eigenvalues below −tol, within ±tol and
// above tol from factorizations of A ∓ tol·I (Sylvester's law of inertia),
// n³/3 flops each against the ≈ 4n³/3 of the tridiagonal reduction behind
// all eigenvalues: a Cholesky factorization runs until its first
// pivot ≤ 0, and the Bunch–Kaufman LDLᵀ factorization of the Schur
// complement it leaves counts the rest (Haynsworth's inertia additivity),
// so that a matrix whose leading block of order close to n is positive
// definite (a degenerate minimum, a saddle with few descent directions)
// costs about half of a full LDLᵀ; when the factored rows are too large to
// trust the complement, LDLᵀ factors the whole (the Cholesky rows done so
// far then come on top). MinEigenInertia adds
// λ_min: a Cholesky factorization of A − tol·I that succeeds proves the
// inertia (0, 0, n) (a strict minimum), and block shift-and-invert Lanczos
// runs with that factor (eight vectors, whose solves read the factor once
// for all eight, at little more than the cost of a solve with one; single
// vectors where λ₁ is not separated enough from the rest for blocks to
// pay); otherwise the counts come as for InertiaOf, with Lanczos on A,
// checked against the counts. When λ₁ lies in so tight a cluster that
// Lanczos on A does not converge, a Cholesky factorization of A − σ·I with
// σ just below its Ritz value proves λ₁ > σ and separates λ₁ by block
// shift-and-invert. CountBelow(a, σ) counts the eigenvalues
// below σ (a certificate that none lies below λ_min − δ), and
// SmallestEigenvalues finds the few smallest by Lanczos.
//
// # Backends
//
// Importing linalg installs faster kernels into gonum with blas64.Use: a
// packed, cache-blocked, multi-core Dgemm with AVX-512 and AVX2 assembly
// micro-kernels (a portable Go kernel otherwise, or with -tags purego),
// Dsyrk, Dsyr2k and Dsymv. Each entry of a product is summed in an order that
// does not depend on GOMAXPROCS, so results are bit-for-bit reproducible.
// In the pure-Go build EigenSym reduces A to tridiagonal form by a blocked
// Householder reduction on two cores (one symmetric product per column, one
// update of depth 2·b per panel of b = 16 columns below n = 768 and 32 from
// there on, the two cores' shares cut where they take equal time), then
// takes the values by the root-free QL/QR iteration of LAPACK's dsterf
// (linalg/internal/sterf: one division per rotation on the critical path
// and two sweeps in flight, twice as fast as gonum's Dsterf) and, when
// asked, the vectors by divide and conquer and a blocked back-transformation
// in compact WY form (LAPACK's dsyevd), all within its working copy of A and
// the output: no further n×n memory.
// Built with -tags openblas (cgo and libopenblas-dev), linalg plugs the
// system's OpenBLAS into gonum instead (blas64.Use and lapack64.Use) and
// calls LAPACK's dsyevd and dsyevr; Backend says which backend is in use.
//
// # Errors and panics
//
// Following gonum, programmer errors panic with a message prefixed
// "linalg: ": shape mismatches, bad index sets, negative tolerances, k out of
// range. Bad data and numerical failure return errors: a NaN or ±Inf in a
// matrix or operator output is a *NotFiniteError saying where, matching
// ErrNotFinite under errors.Is; a 0×0 matrix is ErrEmpty; a solver that does
// not converge returns ErrNoConvergence. No function silently returns NaN.
package linalg
