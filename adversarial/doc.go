// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package adversarial measures and attacks two-layer ReLU classifiers off the
// subspace their data lie on (Melamed, Yehudai & Vardi 2023).
//
// # Networks, labels, batches
//
// The classifier is a relu.Net, a binary logit
//
//	f(x) = s Σ_r a_r relu(w_r·x + b_r),   label ŷ(x) = sign f(x),
//
// and labels are y ∈ {−1, +1}. A point is flipped (misclassified) when
// y f(x) ≤ 0; the decision boundary is {f = 0}. Batches are n×d matrices
// whose rows are points; every pass over a batch is two n×d×m matrix
// products (Z = XWᵀ + 1bᵀ, then the gradients D W with D[i,r] =
// c_i s a_r 1{Z[i,r] > 0}), so attacks on large batches run at BLAS-3 speed.
// The input gradient of f is
//
//	∇ₓf(x) = s Σ_r a_r 1{w_r·x + b_r > 0} w_r,
//
// with relu′(0) = 0 as in package relu. Workspace computes f and ∇ₓf for a
// batch without allocating once its buffers have grown.
//
// # Subspaces and projections
//
// Data lie on a linear subspace P ⊂ R^d of dimension d − ℓ. A Projector is
// the orthogonal projection Π onto a subspace given by an orthonormal basis
// Q (d×k): Onto(Q) is Π = QQᵀ, OntoComplement(Q) is Π = I − QQᵀ, so both P
// and P⊥ can be reached from whichever basis is smaller (see
// datasets.Subspace). A nil *Projector is the identity. SplitRows and
// GradSplit split gradients into P g and P⊥ g with their norms and the ratio
// ‖P⊥g‖/‖Pg‖. For a network trained by gradient descent on data in P, each
// ∇_{w_r} of the loss is a combination of data points, so P⊥w_r never moves
// and
//
//	P⊥∇ₓf(x) = s Σ_r a_r 1{w_r·x + b_r > 0} P⊥w_r(0),   ‖·‖ ≈ β√(ℓ/2d)
//
// for w_r(0) ~ N(0, β²I/d), a_r = ±1/√m and about half the neurons active.
//
// # Attacks
//
// All attacks are L2 attacks on the binary logit, take the batch, its labels
// and an optional Restrict projector (the perturbation then stays in the
// range of Π, e.g. P⊥), and write the adversarial batch to dst:
//
//   - FGM: one step x + ε g/‖g‖ along the projected gradient g of the
//     logistic loss ℓ = log(1 + e^{−y f(x)}), ∇ₓℓ = −y σ(−y f) ∇ₓf.
//   - PGD: δ ← Π_ε(δ + α Πg/‖Πg‖) for a number of steps, optionally from a
//     uniform random start in the ball; Π_ε rescales δ onto ‖δ‖ ≤ ε.
//   - DeepFool: r = −f(x) Π∇f/‖Π∇f‖² repeated until the sign flips, with
//     overshoot η = 0.02. f is affine on each linear region of a ReLU
//     network, so one step is exact when the nearest boundary point shares
//     the region of x.
//   - CarliniWagner: Adam on ‖δ‖² + c·max(y f(x+δ), −κ), with c chosen per
//     point by binary search.
//   - Ray and RayFlip: the exact minimal flip distance along a ray x + t v.
//     Along the ray every pre-activation z_r + t c_r (c_r = w_r·v/‖v‖) is
//     affine, so f is piecewise linear in t with breakpoints −z_r/c_r; the
//     breakpoints are sorted and the linear pieces walked until y f reaches
//     0, in O(m log m) per point.
//   - Universal: one perturbation v shared by a whole set, by projected
//     gradient ascent on the summed logistic loss in a ball of the range of
//     Π (typically P⊥).
//
// # Robustness summaries
//
// FlipDistances gives, per point, the exact ray flip distance along the
// DeepFool direction or the projected gradient, whichever is smaller: an
// upper bound on the minimal flipping perturbation in the range of Π, equal
// to it when the nearest boundary point lies in the linear region of x.
// Summarize returns quartiles and the median of such distances, and
// RobustAccuracy(ε) the share of points whose distance exceeds ε. Measure
// does this for unrestricted, P-only and P⊥-only perturbations.
//
// # Errors
//
// Shape mismatches, labels other than ±1 and invalid settings are
// programmer errors and panic with an "adversarial: " message. Bad data are
// returned as errors: an empty batch wraps ErrEmpty, and NaN or ±Inf in a
// batch, a direction or the network (or an output that overflows) wraps
// ErrNotFinite, naming the row. Points that no attack can flip (zero
// gradient, no boundary on the ray, a restriction to {0}) are reported as
// +Inf distances and left unchanged, never as NaN. The adversarial points
// of DeepFool and Ray are flipped (y f ≤ 0): where the overshoot would cross
// a non-convex boundary back, it is shortened.
//
// Destinations follow gonum: a nil dst is allocated, an empty one resized,
// any other must have the right shape. An attack's dst may be its batch X
// (attack in place); inputs are otherwise never modified.
package adversarial
