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
// All pairwise cosines come from two BLAS-3 products of the unit rows, ŴŴᵀ and
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
package landscape
