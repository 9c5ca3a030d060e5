// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package landscape implements the teacher–student population loss of
// two-layer ReLU networks in closed form and the study of its critical points.
//
// # The loss
//
// A student with weights W (k×d, rows wᵢ are neurons) and output weights α
// learns a teacher V (m×d) with output weights β under x ~ N(0, I_d):
//
//	F(W) = ½ E[(Σᵢ αᵢ relu(wᵢ·x) − Σⱼ βⱼ relu(vⱼ·x))²]
//	     = ½ Σᵢⱼ αᵢαⱼ f(wᵢ,wⱼ) − Σᵢⱼ αᵢβⱼ f(wᵢ,vⱼ) + ½ Σᵢⱼ βᵢβⱼ f(vᵢ,vⱼ),
//
// with the arc-cosine kernel (Cho–Saul) of the angle θ = ∠(w, v),
//
//	f(w,v) = ‖w‖‖v‖ (sin θ + (π − θ) cos θ)/(2π),   f(w,w) = ‖w‖²/2.
//
// The papers (Safran–Shamir 2018, Arjevani–Field 2020–2022) use α = β = 1 and
// V = I_d; Loss, Gradient, Hessian, LossGrad and HessVec are that case for any
// V, and Problem (with a Workspace for allocation-free loops) is the general
// one. Parameters are ordered row-major: coordinate j of neuron i is parameter
// i·d + j, so the Hessian is (kd)×(kd) with d×d blocks H_ij.
//
// With w̄ = w/‖w‖ and n̄(a,b) the unit vector along ā − cos θ·b̄,
//
//	∇_{wᵢ}F = αᵢ Σⱼ αⱼ g(wᵢ,wⱼ) − αᵢ Σⱼ βⱼ g(wᵢ,vⱼ),
//	g(w,u)  = (‖u‖ sin θ w̄ + (π − θ) u)/(2π),   g(w,w) = w/2,
//	h1(w,u) = ‖u‖ sin θ/(2π‖w‖) (I − w̄w̄ᵀ + n̄(u,w)n̄(u,w)ᵀ),
//	h2(w,u) = ((π − θ)I + n̄(w,u)ūᵀ + n̄(u,w)w̄ᵀ)/(2π),
//	H_ii = αᵢ[αᵢ/2·I + Σ_{j≠i} αⱼ h1(wᵢ,wⱼ) − Σⱼ βⱼ h1(wᵢ,vⱼ)],  H_ij = αᵢαⱼ h2(wᵢ,wⱼ).
//
// # Numerics
//
// All pairwise cosines come from products of the unit rows, ŴŴᵀ and
// ŴV̂ᵀ, so tiny or huge neurons do not under- or overflow. The angle is arccos
// of the clamped cosine when |cos θ| ≤ 0.99 and 2·atan2(‖â − b̂‖, ‖â + b̂‖)
// (Kahan) closer to ±1, where arccos would turn a rounding error of 1e-16 in
// the cosine into 1e-8 in θ. Loss and gradient are thus accurate to a few
// ulps relative to their scale for all angles, parallel neurons included. The
// Hessian's h1 and h2 are not defined at θ ∈ {0, π}; pairs within
// DegenerateAngle (1e-6) of them take the limits h1 = 0, h2 = ½I (θ ≈ 0) and
// h2 = 0 (θ ≈ π). Nothing returns NaN.
//
// F is not differentiable where a student neuron is zero. The Problem and
// Workspace methods return a *ZeroNeuronError (matching ErrZeroNeuron) naming
// the row; the plain functions Loss, Gradient, Hessian, LossGrad and HessVec
// panic with that message (they are for points known to be valid; optimizers
// use the error-returning forms). NaN or ±Inf input gives an error matching
// ErrNotFinite. relu'(0) = 0 throughout (it matters only on a null set).
// F is computed as a difference of sums, so its absolute error is a few
// ε·(Σ‖wᵢ‖ + Σ‖vⱼ‖)²: at a global minimum it may come out as ±1e-16.
//
// Accuracy, checked by the tests: gradient and Hessian against central finite
// differences (gonum diff/fd and relative-step differences) to 1e-8 of their
// scale at random, weighted, near-parallel, near-antiparallel, tiny and large
// neurons; the loss against 10⁶ Monte Carlo samples (4σ); the Hessian at
// W = V = I_d entry by entry and its spectrum for d = 6 and 20
// (λ_min = 1/4 − 1/(2π) to 1e-12); the published d = 7 spurious minimum
// (F = 0.023202714914 to 1e-12, λ_min = 0.0140590132 to 1e-10); HessVec
// against Hessian to rounding. FuzzLoss and FuzzGradient explore degenerate
// geometry (never NaN, symmetric Hessian-vector operator, Euler's relation).
//
// # Performance
//
// Cost per evaluation: loss and gradient O(k(k+m)d). On CPUs with AVX-512
// each student row is one task: its row of the Gram matrix Ŵ[Ŵ;V̂]ᵀ by an
// unpacked register-blocked product (ŴŴᵀ by chunks of rows on and above the
// diagonal, mirrored), one vector pass over its k+m pairs for the angle (one
// square root per pair), sine, coefficient and loss sums, and its row of the
// gradient by a second product. From k(k+m)d = 2¹⁹ the rows go in chunks of
// 8 to the calling goroutine and up to GOMAXPROCS−1 helpers, which wait
// 200 µs for the next call before they exit (so a loop of
// evaluations keeps them on their cores); on a loaded machine, where helpers
// are descheduled, a Workspace falls back to one goroutine for the next 100
// calls. Every row has the same bits whatever the split, the fallback or
// GOMAXPROCS. Beyond (k+m)d = 2¹⁶ the two products are BLAS-3 (a symmetric
// rank-d update for ŴŴᵀ from k = 256) around the same pair pass. Without
// AVX-512 (or with -tags purego) the two products are BLAS-3 at every size,
// with one fused pass over the k(k−1)/2 + km distinct pairs computing each
// angle once, split over GOMAXPROCS goroutines from k(k+m) = 2¹⁶ pairs. The two
// paths agree to a few ulps but not bit for bit.
//
// The Hessian costs O(k(k+m)d²): one GEMM of rank k+m per diagonal block and
// rank-1 updates for the off-diagonal blocks, all in dst's memory; HessVec
// O(k(k+m)d) in three GEMMs. A Workspace holds every buffer, so the
// gradient-descent loop does not allocate.
//
// # Critical points
//
// GradientDescent is Safran and Shamir's protocol as the peers run it: fixed
// step (5/k by default), ‖∇F‖_F checked before every step against 1e-10, at
// most 200000 steps. Polish is Newton's method on ∇F = 0 with a backtracking
// line search on ‖∇F‖², so it converges to saddles as well as minima; it
// polishes to ‖∇F‖_F < 1e-13. Both return a Result (point, loss, gradient norm,
// iterations, StopReason) and take a context. Settings' zero value is the
// protocol.
//
// Classify computes the Hessian spectrum (linalg.SpectrumOf: distinct
// eigenvalues with multiplicities, inertia) and returns a Verdict: global
// minimum (critical and F ≤ 1e-10), spurious minimum (positive definite),
// saddle (an eigenvalue below −δ), degenerate (zero but no negative
// eigenvalue), or undecided (‖∇F‖_F > 1e-8, not a critical point); an
// eigenvalue is zero when |λ| ≤ δ = 1e-8·max|λᵢ| by default (Settings.Eig).
//
// # Symmetry
//
// With V = I_d and unit output weights, F(P W Qᵀ) = F(W) for permutations P of
// the k neurons and Q of the d coordinates (the teacher's neurons move with
// the coordinates), so critical points come in orbits of S_k × S_d.
// IsotropyOf finds the orbits of the isotropy subgroup of W on neurons and on
// coordinates, by colour refinement of the bipartite graph of W's entries
// (values equal within a tolerance, 1e-6 by default) and individualization;
// Isotropy.Type is Safran–Shamir's block pattern, such as "(6,1)" for the
// d = 7 spurious minimum of isotropy Δ(S₆×S₁). Canonical returns a canonical
// representative of the orbit, SameOrbit compares two points and Orbits
// merges many points into orbits with counts.
//
// SafranRun does one run of the experiment (random start, GD, polishing,
// classification, type) from a caller-seeded *rand.Rand, so that sweeps are
// deterministic per run at any parallelism.
//
// # Symmetric families and symmetry-reduced spectra
//
// With V = I_d and k = d, a FixedSpace is the fixed-point subspace of an
// isotropy group Δ(S_{p₁}×…×S_{p_r}) (ΔS_d, Δ(S_{d−1}×S₁), …, Safran's block
// patterns): W is constant on the cells of a block partition (Wᵢᵢ = D_a and
// Wᵢⱼ = E_a inside block a, Wᵢⱼ = C_ab across blocks), so the loss has at most
// r² + r unknowns whatever d is. The reduced loss, gradient and Jacobian count
// the pair types of the arc-cosine kernel in O(r³) work, with the block sizes
// as real parameters, so d may be real. Family follows a critical point in d by
// predictor–corrector continuation, Family.Transition locates where λ_min
// crosses 0 (saddle turning into minimum) in real d, and LossAsymptotics fits
// d·F against d^(−1/2). FixedSpace.Spectrum returns the d² eigenvalues of the
// full Hessian from its isotypic components (the representations 1, S_a,
// S_a⊗S_b, X_a = (p−2,2) and Y_a = (p−2,1,1)), each a small matrix whose
// eigenvalues carry the dimension of the representation as multiplicity: at
// d = 1000 (10⁶ parameters) that takes well under a millisecond.
//
// # Annihilation by over-parameterization
//
// SplitNeuron embeds a critical point of k neurons into k + 1 by splitting wᵢ
// into t·wᵢ and (1−t)·wᵢ: the loss and criticality are kept, and at t = ½ the
// Hessian gains the eigenvalues 2λ(Hᵢᵢ − ½I) on the directions (u, −u).
// Annihilate finds a negative one, proves it with a principal submatrix
// (linalg.DescentCertificate and the Cauchy interlacing statement
// λ_i(A) ≤ λ_i(B) ≤ λ_{i+n−m}(A)), verifies the loss decrease along the lifted
// direction, and optimizes from there, reporting where it lands.
package landscape
