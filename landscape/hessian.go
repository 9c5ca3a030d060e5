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
	k, km, d := ws.k, ws.km, ws.d
	ws.hr = make([]float64, km*d)
	ws.hd = make([]float64, km*d)
	ws.mm = make([]float64, k*km)
	ws.aw = make([]float64, k*km)
	ws.px = make([]float64, k*k)
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
	k, km, d, p := ws.k, ws.km, ws.d, ws.p
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
		wi := ws.u[i*d : (i+1)*d]
		th, cs, sn := ws.th[i*km:(i+1)*km], ws.cs[i*km:(i+1)*km], ws.sn[i*km:(i+1)*km]
		// Diagonal block: (αᵢ²/2 + Σκ) I − Σκ w̄w̄ᵀ + Σ_u κ/s² rᵤrᵤᵀ, rᵤ = ū − c w̄,
		// κ = αᵢωᵤ sin θ/(2π‖wᵢ‖) with ωᵤ = αⱼ‖wⱼ‖ or −βₗ‖vₗ‖.
		var sk float64
		nr := 0
		base := ai / (2 * math.Pi * ws.nw[i])
		for j, w := range ws.omega {
			if j == i || w == 0 || degenerate(th[j]) {
				continue
			}
			c, s := cs[j], sn[j]
			kappa := base * w * s
			f := kappa / (s * s)
			r := ws.hr[nr*d : (nr+1)*d]
			q := ws.hd[nr*d : (nr+1)*d]
			for t, x := range ws.u[j*d : (j+1)*d] {
				r[t] = x - c*wi[t]
				q[t] = f * r[t]
			}
			nr++
			sk += kappa
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
			aij := ai * p.alphaAt(j) / (2 * math.Pi)
			wj := ws.u[j*d : (j+1)*d]
			switch {
			case th[j] < DegenerateAngle:
				fillScaledIdentity(h, hs, i*d, j*d, d, aij*math.Pi)
				continue
			case math.Pi-th[j] < DegenerateAngle:
				fillScaledIdentity(h, hs, i*d, j*d, d, 0)
				continue
			}
			c, s := cs[j], sn[j]
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
				row[a] += aij * (math.Pi - th[j])
			}
		}
	}
	for i := 0; i < n; i++ {
		for j, v := range h[i*hs+i : i*hs+n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &NotFiniteError{What: "Hessian", Row: i, Col: i + j}
			}
		}
	}
	return nil
}

// hessVecRows fills rows lo…hi−1 of HessVec's coefficient matrices P (of X)
// and A (of U = [Ŵ; V̂]), from Q = X Uᵀ in ws.mm.
func (ws *Workspace) hessVecRows(lo, hi int) {
	k, km, p := ws.k, ws.km, ws.p
	q, px, aw := ws.mm, ws.px, ws.aw
	for i := lo; i < hi; i++ {
		ai := p.alphaAt(i)
		bi := ws.b[i]
		base := ai / (2 * math.Pi * ws.nw[i])
		th, cs, sn := ws.th[i*km:(i+1)*km], ws.cs[i*km:(i+1)*km], ws.sn[i*km:(i+1)*km]
		pxi, awi := px[i*k:(i+1)*k], aw[i*km:(i+1)*km]
		var sk, wcoef float64
		for j, w := range ws.omega {
			pxj := 0.0
			awi[j] = 0
			if j == i {
				continue
			}
			student := j < k
			var aij float64
			if student {
				aij = ai * p.alphaAt(j) / (2 * math.Pi)
			}
			switch {
			case th[j] < DegenerateAngle:
				if student {
					pxi[j] = aij * math.Pi
				}
				continue
			case math.Pi-th[j] < DegenerateAngle || w == 0:
				if student {
					pxi[j] = 0
				}
				continue
			}
			c, s := cs[j], sn[j]
			// Diagonal-block term of neighbour u: κ[xᵢ − w̄ᵢbᵢ] + κ/s²·ρ·(ū − c w̄ᵢ),
			// ρ = ū·xᵢ − c bᵢ.
			kappa := base * w * s
			g := kappa * (q[i*km+j] - c*bi) / (s * s)
			sk += kappa
			awi[j] += g
			wcoef -= g * c
			if !student {
				continue
			}
			// Off-diagonal block times xⱼ: aij[(π−θ)xⱼ + bⱼ/s (w̄ᵢ − c w̄ⱼ) + Mᵢⱼ/s (w̄ⱼ − c w̄ᵢ)],
			// Mᵢⱼ = w̄ᵢ·xⱼ = Q[j,i].
			pxj = aij * (math.Pi - th[j])
			pxi[j] = pxj
			f := aij / s
			mij := q[j*km+i]
			bj := ws.b[j]
			wcoef += f * (bj - c*mij)
			awi[j] += f * (mij - c*bj)
		}
		pxi[i] = ai*ai/2 + sk
		awi[i] = wcoef - sk*bi
	}
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
// matrix X). The work is O(k(k+m)d), in three GEMMs besides the pairwise
// angles of Loss: Q = X Uᵀ with U = [Ŵ; V̂] the unit rows, then
//
//	Y = P X + A U,
//
// with coefficient matrices P (k×k) and A (k×(k+m)) built from Q and the
// angles, with the same limits at degenerate pairs as Hessian. dst must not alias x. The
// errors are those of Loss, plus one wrapping ErrNotFinite for a non-finite x;
// on error dst is unspecified. It panics if len(x) ≠ kd or len(dst) ≠ kd.
func (ws *Workspace) HessVec(dst []float64, W mat.Matrix, x []float64) error {
	k, km, d := ws.k, ws.km, ws.d
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
	U := blas64.General{Rows: km, Cols: d, Stride: d, Data: ws.u}
	// Q = X Uᵀ: Q[i,j] = xᵢ·ūⱼ (ū = w̄ⱼ for j < k, v̄_{j−k} beyond).
	q := ws.mm
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, X, U, 0, blas64.General{Rows: k, Cols: km, Stride: km, Data: q})
	for i := 0; i < k; i++ {
		ws.b[i] = q[i*km+i]
	}
	ws.rowsParallel(opHessVec)
	px, aw := ws.px, ws.aw
	Y := blas64.General{Rows: k, Cols: d, Stride: d, Data: dst}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: k, Cols: k, Stride: k, Data: px}, X, 0, Y)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: k, Cols: km, Stride: km, Data: aw}, U, 1, Y)
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
