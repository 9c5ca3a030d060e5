// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

func (ws *Workspace) hessScratch() {
	if ws.hr != nil {
		return
	}
	k, m, d := ws.k, ws.m, ws.d
	ws.hr = make([]float64, (k+m)*d)
	ws.hd = make([]float64, (k+m)*d)
	ws.mm = make([]float64, k*k)
	ws.av = make([]float64, k*m)
	ws.aw = make([]float64, k*k)
	ws.b = make([]float64, k)
}

// degenerate reports whether θ is within DegenerateAngle of 0 or π.
func degenerate(theta float64) bool {
	return theta < DegenerateAngle || math.Pi-theta < DegenerateAngle
}

// Hessian stores the (kd)×(kd) Hessian ∇²F(W) in dst, parameters in row-major
// order (coordinate j of neuron i at index i·d + j). With w̄ = w/‖w‖, θ the angle
// and n̄(a,b) the unit vector along ā − cos θ·b̄,
//
//	h1(w,u) = ‖u‖ sin θ/(2π‖w‖) · (I − w̄w̄ᵀ + n̄(u,w)n̄(u,w)ᵀ),
//	h2(w,u) = (1/2π) · ((π − θ)I + n̄(w,u)ūᵀ + n̄(u,w)w̄ᵀ),
//	H_ii = αᵢ [αᵢ/2 · I + Σ_{j≠i} αⱼ h1(wᵢ,wⱼ) − Σⱼ βⱼ h1(wᵢ,vⱼ)],
//	H_ij = αᵢαⱼ h2(wᵢ,wⱼ)   (i ≠ j).
//
// Pairs within DegenerateAngle of parallel or antiparallel take the limits
// h1 = 0, h2 = ½I (θ ≈ 0) and h2 = 0 (θ ≈ π). The diagonal blocks are built
// with one rank-(k+m) GEMM each and the off-diagonal ones by rank-1 updates,
// all in dst's memory. If dst is empty it is resized to kd×kd; otherwise it
// must be kd×kd. The errors are those of Loss; it panics on a shape mismatch.
func (ws *Workspace) Hessian(dst *mat.SymDense, W mat.Matrix) error {
	k, m, d, p := ws.k, ws.m, ws.d, ws.p
	n := k * d
	if dst.IsEmpty() {
		dst.ReuseAsSym(n)
	}
	if dst.SymmetricDim() != n {
		panic(mat.ErrShape)
	}
	if err := ws.load(W); err != nil {
		return err
	}
	ws.hessScratch()
	raw := dst.RawSymmetric()
	hs := raw.Stride
	h := raw.Data
	for i := 0; i < k; i++ {
		ai := p.alphaAt(i)
		wi := ws.what[i*d : (i+1)*d]
		// Diagonal block: (αᵢ²/2 + Σκ) I − Σκ w̄w̄ᵀ + Σ_u κ/s² rᵤrᵤᵀ, rᵤ = ū − c w̄.
		var sk float64
		nr := 0
		addNeighbour := func(u []float64, kappa, c, s float64) {
			r := ws.hr[nr*d : (nr+1)*d]
			q := ws.hd[nr*d : (nr+1)*d]
			f := kappa / (s * s)
			for t, x := range u {
				r[t] = x - c*wi[t]
				q[t] = f * r[t]
			}
			nr++
			sk += kappa
		}
		base := ai / (2 * math.Pi * ws.nw[i])
		for j := 0; j < k; j++ {
			th := ws.tww[i*k+j]
			if j == i || degenerate(th) {
				continue
			}
			s := ws.sww[i*k+j]
			addNeighbour(ws.what[j*d:(j+1)*d], base*p.alphaAt(j)*ws.nw[j]*s, ws.cww[i*k+j], s)
		}
		for j := 0; j < m; j++ {
			th := ws.twv[i*m+j]
			if p.nv[j] == 0 || degenerate(th) {
				continue
			}
			s := ws.swv[i*m+j]
			addNeighbour(p.vhat[j*d:(j+1)*d], -base*p.betaAt(j)*p.nv[j]*s, ws.cwv[i*m+j], s)
		}
		blk := blas64.General{Rows: d, Cols: d, Stride: hs, Data: h[i*d*hs+i*d:]}
		diag := ai*ai/2 + sk
		for a := 0; a < d; a++ {
			row := h[(i*d+a)*hs+i*d : (i*d+a)*hs+i*d+d]
			wa := sk * wi[a]
			for b := range row {
				row[b] = -wa * wi[b]
			}
			row[a] += diag
		}
		if nr > 0 {
			blas64.Gemm(blas.Trans, blas.NoTrans, 1,
				blas64.General{Rows: nr, Cols: d, Stride: d, Data: ws.hr[:nr*d]},
				blas64.General{Rows: nr, Cols: d, Stride: d, Data: ws.hd[:nr*d]}, 1, blk)
		}
		// Off-diagonal blocks of the upper triangle.
		for j := i + 1; j < k; j++ {
			th := ws.tww[i*k+j]
			aij := ai * p.alphaAt(j) / (2 * math.Pi)
			wj := ws.what[j*d : (j+1)*d]
			switch {
			case th < DegenerateAngle:
				fillScaledIdentity(h, hs, i*d, j*d, d, aij*math.Pi)
				continue
			case math.Pi-th < DegenerateAngle:
				fillScaledIdentity(h, hs, i*d, j*d, d, 0)
				continue
			}
			c, s := ws.cww[i*k+j], ws.sww[i*k+j]
			// αᵢαⱼ/(2π) [(π−θ)I + n̄(wᵢ,wⱼ) w̄ⱼᵀ + n̄(wⱼ,wᵢ) w̄ᵢᵀ],
			// n̄(wᵢ,wⱼ) = (w̄ᵢ − c w̄ⱼ)/s, n̄(wⱼ,wᵢ) = (w̄ⱼ − c w̄ᵢ)/s.
			f := aij / s
			for a := 0; a < d; a++ {
				n1 := f * (wi[a] - c*wj[a])
				n2 := f * (wj[a] - c*wi[a])
				row := h[(i*d+a)*hs+j*d : (i*d+a)*hs+j*d+d]
				for b := range row {
					row[b] = n1*wj[b] + n2*wi[b]
				}
				row[a] += aij * (math.Pi - th)
			}
		}
	}
	for i := 0; i < n; i++ {
		for _, v := range h[i*hs+i : i*hs+n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &NotFiniteError{What: "Hessian", Row: -1, Col: -1}
			}
		}
	}
	return nil
}

func fillScaledIdentity(h []float64, stride, r0, c0, d int, v float64) {
	for a := 0; a < d; a++ {
		row := h[(r0+a)*stride+c0 : (r0+a)*stride+c0+d]
		for b := range row {
			row[b] = 0
		}
		row[a] = v
	}
}

// HessVec stores y = ∇²F(W)·x in dst without forming the Hessian: x and dst
// are parameter vectors of length kd in row-major order (x read as the k×d
// matrix X). The work is O(k(k+m)d), in five GEMMs of k×(k or m)×d:
//
//	Y = P X + A_w Ŵ + A_v V̂,
//
// with coefficient matrices built from ŴXᵀ and XV̂ᵀ and the pairwise angles,
// the same limits at degenerate pairs as Hessian. dst must not alias x. The
// errors are those of Loss, plus one wrapping ErrNotFinite for a non-finite x;
// on error dst is unspecified. It panics if len(x) ≠ kd or len(dst) ≠ kd.
func (ws *Workspace) HessVec(dst []float64, W mat.Matrix, x []float64) error {
	k, m, d, p := ws.k, ws.m, ws.d, ws.p
	if len(x) != k*d || len(dst) != k*d {
		panic("landscape: HessVec: len(x) or len(dst) != k·d")
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &NotFiniteError{What: "x", Row: i / d, Col: i % d}
		}
	}
	if err := ws.load(W); err != nil {
		return err
	}
	ws.hessScratch()
	X := blas64.General{Rows: k, Cols: d, Stride: d, Data: x}
	What := blas64.General{Rows: k, Cols: d, Stride: d, Data: ws.what}
	Vhat := blas64.General{Rows: m, Cols: d, Stride: d, Data: p.vhat}
	// mm[i,j] = w̄ᵢ·xⱼ, av[i,l] = xᵢ·v̄ₗ.
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, What, X, 0, blas64.General{Rows: k, Cols: k, Stride: k, Data: ws.mm})
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, X, Vhat, 0, blas64.General{Rows: k, Cols: m, Stride: m, Data: ws.av})
	for i := 0; i < k; i++ {
		ws.b[i] = ws.mm[i*k+i]
	}
	px, aw, av := ws.pw, ws.aw, ws.pv // reuse the gradient's k×k and k×m buffers for P and A_v
	for i := 0; i < k; i++ {
		ai := p.alphaAt(i)
		bi := ws.b[i]
		base := ai / (2 * math.Pi * ws.nw[i])
		var sk, wcoef float64
		for j := 0; j < k; j++ {
			px[i*k+j], aw[i*k+j] = 0, 0
		}
		for j := 0; j < k; j++ {
			if j == i {
				continue
			}
			th := ws.tww[i*k+j]
			aij := ai * p.alphaAt(j) / (2 * math.Pi)
			switch {
			case th < DegenerateAngle:
				px[i*k+j] = aij * math.Pi
				continue
			case math.Pi-th < DegenerateAngle:
				continue
			}
			c, s := ws.cww[i*k+j], ws.sww[i*k+j]
			// Diagonal-block term of neighbour wⱼ: κ[xᵢ − w̄ᵢbᵢ] + κ/s²·ρ·(w̄ⱼ − c w̄ᵢ), ρ = w̄ⱼ·xᵢ − c bᵢ.
			kappa := base * p.alphaAt(j) * ws.nw[j] * s
			g := kappa * (ws.mm[j*k+i] - c*bi) / (s * s)
			sk += kappa
			aw[i*k+j] += g
			wcoef -= g * c
			// Off-diagonal block times xⱼ: aij[(π−θ)xⱼ + bⱼ/s (w̄ᵢ − c w̄ⱼ) + Mᵢⱼ/s (w̄ⱼ − c w̄ᵢ)].
			px[i*k+j] = aij * (math.Pi - th)
			f := aij / s
			mij := ws.mm[i*k+j]
			bj := ws.b[j]
			wcoef += f * (bj - c*mij)
			aw[i*k+j] += f * (mij - c*bj)
		}
		for l := 0; l < m; l++ {
			av[i*m+l] = 0
			th := ws.twv[i*m+l]
			if p.nv[l] == 0 || degenerate(th) {
				continue
			}
			c, s := ws.cwv[i*m+l], ws.swv[i*m+l]
			kappa := -base * p.betaAt(l) * p.nv[l] * s
			g := kappa * (ws.av[i*m+l] - c*bi) / (s * s)
			sk += kappa
			av[i*m+l] = g
			wcoef -= g * c
		}
		px[i*k+i] = ai*ai/2 + sk
		aw[i*k+i] = wcoef - sk*bi
	}
	Y := blas64.General{Rows: k, Cols: d, Stride: d, Data: dst}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: k, Cols: k, Stride: k, Data: px}, X, 0, Y)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: k, Cols: k, Stride: k, Data: aw}, What, 1, Y)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: k, Cols: m, Stride: m, Data: av}, Vhat, 1, Y)
	return checkFinite("Hessian-vector product", dst, d, k, d)
}

// Loss returns the teacher–student population loss F(W) for α = β = 1 and
// x ~ N(0, I_d): W is k×d and V is m×d, rows are neurons. It panics with a
// message naming the row if a neuron of W is zero (F is not differentiable
// there; use Problem or Workspace for an error instead), if W or V holds a NaN
// or ±Inf, or if the column counts differ.
func Loss(W, V mat.Matrix) float64 {
	f, err := newUnitProblem(W, V).Loss(W)
	if err != nil {
		panic(err.Error())
	}
	return f
}

// LossGrad returns F(W) and stores ∇F(W) in dst (k×d, resized if empty),
// sharing the pairwise work. It panics like Loss.
func LossGrad(dst *mat.Dense, W, V mat.Matrix) float64 {
	f, err := newUnitProblem(W, V).LossGrad(dst, W)
	if err != nil {
		panic(err.Error())
	}
	return f
}

// Gradient stores ∇F(W) in dst (k×d, resized if empty) for α = β = 1:
//
//	∇_{wᵢ}F = ½wᵢ + (1/2π) Σ_{j≠i}[‖wⱼ‖ sin θᵢⱼ w̄ᵢ + (π − θᵢⱼ)wⱼ]
//	              − (1/2π) Σⱼ[‖vⱼ‖ sin θ(wᵢ,vⱼ) w̄ᵢ + (π − θ(wᵢ,vⱼ))vⱼ].
//
// It panics like Loss, and if dst is non-empty and not k×d.
func Gradient(dst *mat.Dense, W, V mat.Matrix) {
	if err := newUnitProblem(W, V).Gradient(dst, W); err != nil {
		panic(err.Error())
	}
}

// Hessian stores the (kd)×(kd) Hessian ∇²F(W) in dst (resized if empty) for
// α = β = 1, parameters in row-major order i·d + j. See Workspace.Hessian for
// the blocks and the limits at degenerate pairs. It panics like Loss, and if dst
// is non-empty and not kd×kd.
func Hessian(dst *mat.SymDense, W, V mat.Matrix) {
	if err := newUnitProblem(W, V).Hessian(dst, W); err != nil {
		panic(err.Error())
	}
}

// HessVec stores ∇²F(W)·x in dst for α = β = 1 without forming the Hessian
// (O(k²d + kmd) work); x and dst have length kd, row-major. It panics like
// Loss, and if len(x) or len(dst) ≠ kd.
func HessVec(dst []float64, W, V mat.Matrix, x []float64) {
	if err := newUnitProblem(W, V).HessVec(dst, W, x); err != nil {
		panic(err.Error())
	}
}

func newUnitProblem(W, V mat.Matrix) *Problem {
	_, d := W.Dims()
	_, dv := V.Dims()
	if d != dv {
		panic("landscape: W and V have different numbers of columns")
	}
	p, err := NewProblem(V, nil, nil)
	if err != nil {
		panic(err.Error())
	}
	return p
}
