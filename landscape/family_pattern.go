// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import "math"

// famMat is a d×d matrix that is constant on the cells of a block partition
// of {1,…,d} (the same partition for rows and columns): with i in block a and
// j in block b its entry is diag[a] when i = j and off[a·r+b] when i ≠ j.
// These are exactly the matrices fixed by W ↦ PWPᵀ for every P in the product
// of the symmetric groups of the blocks. The block sizes p may be real: every
// operation below is a polynomial in the sizes, and for integer sizes it is
// the matrix operation it is named after.
//
// famMat values are immutable after construction; p is shared, not copied.
type famMat struct {
	p    []float64
	diag []float64
	off  []float64
}

func famNew(p []float64) famMat {
	r := len(p)
	return famMat{p: p, diag: make([]float64, r), off: make([]float64, r*r)}
}

// famFill returns the pattern whose cells are f(a, b, false) off the diagonal
// and f(a, a, true) on it.
func famFill(p []float64, f func(a, b int, dg bool) float64) famMat {
	m := famNew(p)
	r := len(p)
	for a := range r {
		m.diag[a] = f(a, a, true)
		for b := range r {
			m.off[a*r+b] = f(a, b, false)
		}
	}
	return m
}

// at returns the cell value (a, b, dg).
func (m famMat) at(a, b int, dg bool) float64 {
	if dg {
		return m.diag[a]
	}
	return m.off[a*len(m.p)+b]
}

// famMap applies f cell by cell.
func famMap(m famMat, f func(x float64) float64) famMat {
	return famFill(m.p, func(a, b int, dg bool) float64 { return f(m.at(a, b, dg)) })
}

// famLin returns s·A + t·B.
func famLin(s float64, A famMat, t float64, B famMat) famMat {
	return famFill(A.p, func(a, b int, dg bool) float64 { return s*A.at(a, b, dg) + t*B.at(a, b, dg) })
}

// famMul returns the product AB: (AB)ᵢⱼ = Σₗ AᵢₗBₗⱼ, the sum over l grouped by
// l = i, l = j and the blocks c of l, with the count of each group.
func famMul(A, B famMat) famMat {
	p := A.p
	r := len(p)
	C := famNew(p)
	for a := range r {
		s := A.diag[a] * B.diag[a]
		for c := range r {
			n := p[c]
			if c == a {
				n--
			}
			s += n * A.off[a*r+c] * B.off[c*r+a]
		}
		C.diag[a] = s
		for b := range r {
			s := A.diag[a]*B.off[a*r+b] + A.off[a*r+b]*B.diag[b]
			for c := range r {
				n := p[c]
				if c == a {
					n--
				}
				if c == b {
					n--
				}
				s += n * A.off[a*r+c] * B.off[c*r+b]
			}
			C.off[a*r+b] = s
		}
	}
	return C
}

// famT returns Aᵀ.
func famT(A famMat) famMat {
	r := len(A.p)
	return famFill(A.p, func(a, b int, dg bool) float64 {
		if dg {
			return A.diag[a]
		}
		return A.off[b*r+a]
	})
}

// famRowScale returns diag(v)·A, v constant on blocks.
func famRowScale(A famMat, v []float64) famMat {
	return famFill(A.p, func(a, b int, dg bool) float64 { return v[a] * A.at(a, b, dg) })
}

// famColScale returns A·diag(v), v constant on blocks.
func famColScale(A famMat, v []float64) famMat {
	return famFill(A.p, func(a, b int, dg bool) float64 { return A.at(a, b, dg) * v[b] })
}

// famRowSum returns the row sums Σⱼ Aᵢⱼ, one per block.
func famRowSum(A famMat) []float64 {
	r := len(A.p)
	s := make([]float64, r)
	for a := range r {
		t := A.diag[a]
		for b := range r {
			n := A.p[b]
			if b == a {
				n--
			}
			t += n * A.off[a*r+b]
		}
		s[a] = t
	}
	return s
}

// famRowDot returns Σⱼ AᵢⱼBᵢⱼ, one per block.
func famRowDot(A, B famMat) []float64 {
	r := len(A.p)
	s := make([]float64, r)
	for a := range r {
		t := A.diag[a] * B.diag[a]
		for b := range r {
			n := A.p[b]
			if b == a {
				n--
			}
			t += n * A.off[a*r+b] * B.off[a*r+b]
		}
		s[a] = t
	}
	return s
}

// famInner returns the Frobenius inner product Σᵢⱼ AᵢⱼBᵢⱼ.
func famInner(A, B famMat) float64 {
	rd := famRowDot(A, B)
	var s float64
	for a, v := range rd {
		s += A.p[a] * v
	}
	return s
}

// famSum returns Σᵢⱼ Aᵢⱼ.
func famSum(A famMat) float64 {
	var s float64
	for a, v := range famRowSum(A) {
		s += A.p[a] * v
	}
	return s
}

// famDegenerate is the sine below which a pair of neurons (or a neuron and a
// teacher row) is treated as parallel or antiparallel in the Hessian, where
// the closed-form blocks take their limits h1 → 0 and the n̄ terms of h2 → 0.
// It is the same threshold as DegenerateAngle (sin θ ≈ θ there).
const famDegenerate = DegenerateAngle

// famGeom holds the pairwise geometry of a pattern W (k = d, V = I_d) that
// the loss, gradient and Hessian-vector product share.
type famGeom struct {
	w, wbar  famMat    // W and its unit rows
	n        []float64 // ‖wᵢ‖ per block
	c, s, th famMat    // cos, sin, angle of student pairs (diagonal 1, 0, 0)
	sv, thv  famMat    // sin, angle between wᵢ and eⱼ (the cosine is wbar)
	isv, is  famMat    // 1/sin θ, 0 for degenerate pairs and the diagonal
	// The Hessian's view: sin and angle of student pairs and sin of
	// teacher pairs with degenerate pairs at their limits (sin θ = 0,
	// θ = 0 or π), as the dense Hessian takes them. The loss and gradient
	// are continuous there and use s, th, sv, thv.
	sH, thH, svH famMat
}

// famGeometry computes the geometry of W. It returns zero = a ≥ 0 if the
// neurons of block a are zero (then the geometry is not set), else −1.
func famGeometry(W famMat) (g famGeom, zero int) {
	G := famMul(W, famT(W))
	r := len(W.p)
	g.w = W
	g.n = make([]float64, r)
	inv := make([]float64, r)
	for a := range r {
		g.n[a] = math.Sqrt(math.Max(G.diag[a], 0))
		if !(g.n[a] > 0) {
			return g, a
		}
		inv[a] = 1 / g.n[a]
	}
	g.wbar = famRowScale(W, inv)
	clamp := func(x float64) float64 { return math.Max(-1, math.Min(1, x)) }
	g.c = famFill(W.p, func(a, b int, dg bool) float64 {
		if dg {
			return 1
		}
		return clamp(G.at(a, b, dg) * inv[a] * inv[b])
	})
	sinOf := func(x float64) float64 { return math.Sqrt(math.Max(0, 1-x*x)) }
	invSin := func(x float64) float64 {
		if x < famDegenerate {
			return 0
		}
		return 1 / x
	}
	g.s = famMap(g.c, sinOf)
	g.th = famMap(g.c, math.Acos)
	g.is = famFill(W.p, func(a, b int, dg bool) float64 {
		if dg {
			return 0
		}
		return invSin(g.s.at(a, b, dg))
	})
	cv := famMap(g.wbar, clamp)
	g.sv = famMap(cv, sinOf)
	g.thv = famMap(cv, math.Acos)
	g.isv = famMap(g.sv, invSin)
	snapSin := func(x float64) float64 {
		if x < famDegenerate {
			return 0
		}
		return x
	}
	g.sH = famMap(g.s, snapSin)
	g.svH = famMap(g.sv, snapSin)
	g.thH = famFill(W.p, func(a, b int, dg bool) float64 {
		switch {
		case dg || g.s.at(a, b, dg) >= famDegenerate:
			return g.th.at(a, b, dg)
		case g.c.at(a, b, dg) > 0:
			return 0
		}
		return math.Pi
	})
	return g, -1
}

// famLoss returns F(W) for V = I_d, k = d, as ½ Σᵢⱼ Δᵢⱼ with
// Δᵢⱼ = f(wᵢ,wⱼ) − f(wᵢ,eⱼ) − f(eᵢ,wⱼ) + f(eᵢ,eⱼ). Off the diagonal (i ≠ j,
// counts up to d²) the four kernels nearly cancel near the teacher, so Δᵢⱼ
// is rewritten without cancellation: with δᵢ = wᵢ − eᵢ, f(a,b) =
// (‖a‖‖b‖ψ(cos θ) + (π/2)a·b)/(2π), ψ(c) = √(1−c²) + c·asin c = 1 + χ(c),
//
//	2π·Δᵢⱼ = (π/2)δᵢ·δⱼ + (‖wᵢ‖−1)(‖wⱼ‖−1)
//	       + ‖wᵢ‖‖wⱼ‖χ(cᵢⱼ) − ‖wᵢ‖χ(cos∠(wᵢ,eⱼ)) − ‖wⱼ‖χ(cos∠(wⱼ,eᵢ)),
//
// χ(c) = c·asin c − c²/(1 + √(1−c²)) and ‖w‖ − 1 = (2(w_ii − 1) + ‖δ‖²)/(‖w‖+1),
// every term small when W is near I, so the loss is accurate relative to F
// rather than to d²·ε. Diagonal cells (counts ≤ d) use the kernels directly.
// F is an expectation of a square: a sum rounded below 0 (−1e-17 at a
// polished global minimum) is returned as 0.
func famLoss(W famMat) float64 {
	p := W.p
	r := len(p)
	G := famMul(W, famT(W))
	eye := famFill(p, func(a, b int, dg bool) float64 {
		if dg {
			return 1
		}
		return 0
	})
	dl := famLin(1, W, -1, eye)
	DD := famMul(dl, famT(dl))
	n := make([]float64, r)
	nm1 := make([]float64, r) // ‖wᵢ‖ − 1
	for a := range r {
		n[a] = math.Sqrt(math.Max(G.diag[a], 0))
		nm1[a] = (2*dl.diag[a] + DD.diag[a]) / (n[a] + 1)
	}
	kern := func(na, nb, x float64) float64 {
		if na == 0 || nb == 0 {
			return 0
		}
		c := math.Max(-1, math.Min(1, x/(na*nb)))
		return na * nb * (math.Sqrt(math.Max(0, 1-c*c)) + (math.Pi-math.Acos(c))*c) / (2 * math.Pi)
	}
	chi := func(c float64) float64 {
		c = math.Max(-1, math.Min(1, c))
		return c*math.Asin(c) - c*c/(1+math.Sqrt(math.Max(0, 1-c*c)))
	}
	delta := famFill(p, func(a, b int, dg bool) float64 {
		if dg {
			// f(wᵢ,wᵢ) = ‖wᵢ‖²/2, f(eᵢ,eᵢ) = ½.
			return G.diag[a]/2 - 2*kern(n[a], 1, W.diag[a]) + 0.5
		}
		if n[a] == 0 || n[b] == 0 {
			// A zero neuron: the kernels with it vanish.
			return kern(n[a], n[b], G.off[a*r+b]) - kern(n[a], 1, W.off[a*r+b]) - kern(n[b], 1, W.off[b*r+a]) + 1/(2*math.Pi)
		}
		v := math.Pi/2*DD.off[a*r+b] + nm1[a]*nm1[b] +
			n[a]*n[b]*chi(G.off[a*r+b]/(n[a]*n[b])) - n[a]*chi(W.off[a*r+b]/n[a]) - n[b]*chi(W.off[b*r+a]/n[b])
		return v / (2 * math.Pi)
	})
	return math.Max(0, famSum(delta)/2)
}

// famGrad returns ∇F(W) (a pattern: the gradient is fixed by the group):
//
//	∇F = (diag(ρ)W + (π − Θ)W − (π − Θ_V))/(2π),
//	ρᵢ = (Σⱼ sin θᵢⱼ‖wⱼ‖ − Σⱼ sin θ(wᵢ,eⱼ))/‖wᵢ‖,
//
// where (π − Θ) has π on its diagonal (the self term ½wᵢ).
func famGrad(g *famGeom) famMat {
	r1 := famRowSum(famColScale(g.s, g.n))
	r2 := famRowSum(g.sv)
	rho := make([]float64, len(r1))
	for a := range rho {
		rho[a] = (r1[a] - r2[a]) / g.n[a]
	}
	pmt := famMap(g.th, func(x float64) float64 { return math.Pi - x })
	pmtv := famMap(g.thv, func(x float64) float64 { return math.Pi - x })
	G := famLin(1, famRowScale(g.w, rho), 1, famMul(pmt, g.w))
	return famLin(1/(2*math.Pi), G, -1/(2*math.Pi), pmtv)
}

// famHessVec returns ∇²F(W)·Z for a pattern Z on the same partition, from the
// blocks H_ii = ½I + Σ_{j≠i} h1(wᵢ,wⱼ) − Σⱼ h1(wᵢ,eⱼ), H_ij = h2(wᵢ,wⱼ), written
// with whole-matrix products (a = (w̄ᵢ·zᵢ)ᵢ, P = ZW̄ᵀ, C the cosines):
//
//	(HZ)ᵢ = ½zᵢ + (αᵢ − βᵢ)(zᵢ − aᵢw̄ᵢ)
//	      + Σⱼ μᵢⱼ(w̄ⱼ − Cᵢⱼw̄ᵢ) − Σⱼ νᵢⱼ(eⱼ − W̄ᵢⱼw̄ᵢ)
//	      + (1/2π) Σ_{j≠i} (π − θᵢⱼ) zⱼ + Σⱼ ρᵢⱼ w̄ⱼ + σᵢ w̄ᵢ,
//
// αᵢ = Σ_{j≠i} ‖wⱼ‖ sin θᵢⱼ/(2π‖wᵢ‖), βᵢ = Σⱼ sin θ(wᵢ,eⱼ)/(2π‖wᵢ‖),
// μᵢⱼ = ‖wⱼ‖(Pᵢⱼ − Cᵢⱼaᵢ)/(2π‖wᵢ‖ sin θᵢⱼ), νᵢⱼ = (Zᵢⱼ − W̄ᵢⱼaᵢ)/(2π‖wᵢ‖ sin θ(wᵢ,eⱼ)),
// ρᵢⱼ = (Pⱼᵢ − Cᵢⱼaⱼ)/(2π sin θᵢⱼ), σᵢ = Σ_{j≠i} (aⱼ − CᵢⱼPⱼᵢ)/(2π sin θᵢⱼ).
// Degenerate pairs (sin θ < DegenerateAngle) take the limits of the dense
// Hessian: h1 = 0, h2 = ½I (θ = 0) or 0 (θ = π), i.e. sin θ = 0, θ snapped
// and the 1/sin θ terms dropped.
func famHessVec(g *famGeom, Z famMat) famMat {
	p := Z.p
	tp := 2 * math.Pi
	a := famRowDot(g.wbar, Z)
	P := famMul(Z, famT(g.wbar))
	PT := famT(P)
	r := len(p)
	alpha := famRowSum(famColScale(g.sH, g.n))
	beta := famRowSum(g.svH)
	ab := make([]float64, r)
	for i := range r {
		ab[i] = (alpha[i] - beta[i]) / (tp * g.n[i])
	}
	zperp := famLin(1, Z, -1, famRowScale(g.wbar, a))
	Y := famLin(0.5, Z, 1, famRowScale(zperp, ab))

	mu := famFill(p, func(i, j int, dg bool) float64 {
		return g.n[j] * (P.at(i, j, dg) - g.c.at(i, j, dg)*a[i]) * g.is.at(i, j, dg) / (tp * g.n[i])
	})
	muC := famRowSum(famFill(p, func(i, j int, dg bool) float64 { return mu.at(i, j, dg) * g.c.at(i, j, dg) }))
	Y = famLin(1, Y, 1, famMul(mu, g.wbar))
	Y = famLin(1, Y, -1, famRowScale(g.wbar, muC))

	nu := famFill(p, func(i, j int, dg bool) float64 {
		return (Z.at(i, j, dg) - g.wbar.at(i, j, dg)*a[i]) * g.isv.at(i, j, dg) / (tp * g.n[i])
	})
	nuW := famRowSum(famFill(p, func(i, j int, dg bool) float64 { return nu.at(i, j, dg) * g.wbar.at(i, j, dg) }))
	Y = famLin(1, Y, -1, nu)
	Y = famLin(1, Y, 1, famRowScale(g.wbar, nuW))

	pmt := famFill(p, func(i, j int, dg bool) float64 {
		if dg {
			return 0
		}
		return (math.Pi - g.thH.at(i, j, dg)) / tp
	})
	Y = famLin(1, Y, 1, famMul(pmt, Z))
	rho := famFill(p, func(i, j int, dg bool) float64 {
		return (PT.at(i, j, dg) - g.c.at(i, j, dg)*a[j]) * g.is.at(i, j, dg) / tp
	})
	sigma := famRowSum(famFill(p, func(i, j int, dg bool) float64 {
		return (a[j] - g.c.at(i, j, dg)*PT.at(i, j, dg)) * g.is.at(i, j, dg) / tp
	}))
	Y = famLin(1, Y, 1, famMul(rho, g.wbar))
	Y = famLin(1, Y, 1, famRowScale(g.wbar, sigma))
	return Y
}
