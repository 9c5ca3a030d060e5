// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// HalfCurvature is λ_min(H_ii − ½I) for the neurons i of one block of a
// point on a fixed-point subspace (all neurons of a block have the same
// value by symmetry). Splitting such a neuron at t = ½ puts 2·Value into the
// Hessian of the width-(d+1) problem, on the direction (u, −u) of the two
// halves, u the unit eigenvector: a negative Value proves the split point a
// saddle (see SplitCurvature).
type HalfCurvature struct {
	// Block is the block of the neuron (0-based); Neuron is its row in
	// Matrix (the first neuron of the block).
	Block, Neuron int
	// Value is λ_min(H_ii − ½I).
	Value float64
	// Irrep says where the eigenvector lies in R^d under the stabilizer of
	// neuron i: "1" (constant on the cells of the refined partition) or
	// "S_c" (a difference e_x − e_y of two coordinates of cell c). The
	// refined partition is the blocks in order with the neuron's own block
	// split into {i} and the rest, cells numbered from 1: for block a of
	// (p₁,…,p_r), cell a is {i} and cell a+1 the other p_a − 1 coordinates.
	Irrep string
	// Vector is the unit eigenvector u (len d), nil for real sizes.
	Vector []float64
}

// famMulVec returns A·v for a block-constant vector v (one value per
// block).
func famMulVec(A famMat, v []float64) []float64 {
	r := len(A.p)
	out := make([]float64, r)
	for a := range r {
		s := A.diag[a] * v[a]
		for c := range r {
			n := A.p[c]
			if c == a {
				n--
			}
			s += n * A.off[a*r+c] * v[c]
		}
		out[a] = s
	}
	return out
}

// famOuter returns the pattern x yᵀ of two block-constant vectors.
func famOuter(p, x, y []float64) famMat {
	return famFill(p, func(a, b int, dg bool) float64 { return x[a] * y[b] })
}

// HalfCurvatures returns, for each block of the subspace, λ_min(H_ii − ½I)
// at W(u) for a neuron i of the block, where
//
//	H_ii − ½I = Σ_{j≠i} h1(wᵢ,wⱼ) − Σⱼ h1(wᵢ,eⱼ)
//	          = (α − β)(I − w̄ᵢw̄ᵢᵀ) + Σ_{j≠i} γⱼ(w̄ⱼ − cᵢⱼw̄ᵢ)(w̄ⱼ − cᵢⱼw̄ᵢ)ᵀ
//	                             − Σⱼ δⱼ(eⱼ − c'ᵢⱼw̄ᵢ)(eⱼ − c'ᵢⱼw̄ᵢ)ᵀ
//
// (γⱼ = ‖wⱼ‖/(2π‖wᵢ‖ sin θᵢⱼ), δⱼ = 1/(2π‖wᵢ‖ sin θ(wᵢ,eⱼ))). The stabilizer
// of neuron i fixes this d×d matrix, so it is a pattern on the partition
// refined by marking i, and its spectrum is that of an r'×r' matrix (the
// cell-constant vectors) and the values diag − off of the cells of size
// ≥ 2 (the vectors e_x − e_y inside a cell): O(r³) work at any d, real d
// included. It returns the errors of Spectrum and panics if len(u) ≠ Dim().
func (fs FixedSpace) HalfCurvatures(u []float64) ([]HalfCurvature, error) {
	g0, err := fs.geometry(u)
	if err != nil {
		return nil, err
	}
	integer := true
	for _, p := range fs.Sizes {
		integer = integer && p == math.Trunc(p)
	}
	var out []HalfCurvature
	first := 0
	for a, pa := range fs.Sizes {
		// Refine: block a → {i} and the rest; m is the cell of i.
		var p []float64
		var parent []int
		m := -1
		for b, pb := range fs.Sizes {
			if b == a {
				m = len(p)
				p = append(p, 1)
				parent = append(parent, b)
				if pb != 1 {
					p = append(p, pb-1)
					parent = append(parent, b)
				}
				continue
			}
			p = append(p, pb)
			parent = append(parent, b)
		}
		W := famFill(p, func(x, y int, dg bool) float64 { return g0.w.at(parent[x], parent[y], dg) })
		g, z := famGeometry(W)
		if z >= 0 {
			return nil, fmt.Errorf("landscape: HalfCurvatures: %w", ErrZeroNeuron)
		}
		r := len(p)
		tp := 2 * math.Pi
		nm := g.n[m]
		// x = w̄ᵢ as a coordinate vector (cell m is i's own coordinate).
		x := make([]float64, r)
		for b := range r {
			x[b] = g.wbar.at(m, b, b == m)
		}
		alpha := famRowSum(famColScale(g.sH, g.n))[m] / (tp * nm)
		beta := famRowSum(g.svH)[m] / (tp * nm)
		gam := make([]float64, r)  // γ per neuron cell (0 for i itself)
		gamc := make([]float64, r) // γ·c
		var gcc float64
		for b := range r {
			if b == m {
				continue
			}
			gam[b] = g.n[b] * g.is.at(m, b, false) / (tp * nm)
			c := g.c.at(m, b, false)
			gamc[b] = gam[b] * c
			gcc += p[b] * gam[b] * c * c
		}
		y := famMulVec(famT(g.wbar), gamc) // Σⱼ γⱼcᵢⱼ w̄ⱼ
		del := make([]float64, r)          // δ per coordinate cell
		yt := make([]float64, r)           // Σⱼ δⱼc'ᵢⱼ eⱼ
		var dcc float64
		for b := range r {
			del[b] = g.isv.at(m, b, b == m) / (tp * nm)
			yt[b] = del[b] * x[b]
			dcc += p[b] * del[b] * x[b] * x[b]
		}
		eye := famFill(p, func(a, b int, dg bool) float64 {
			if dg {
				return 1
			}
			return 0
		})
		xx := famOuter(p, x, x)
		A := famLin(alpha-beta, famLin(1, eye, -1, xx), 1, famMul(famT(g.wbar), famRowScale(g.wbar, gam)))
		A = famLin(1, A, -1, famLin(1, famOuter(p, y, x), 1, famOuter(p, x, y)))
		A = famLin(1, A, gcc-dcc, xx)
		D := famFill(p, func(a, b int, dg bool) float64 {
			if dg {
				return del[a]
			}
			return 0
		})
		A = famLin(1, A, -1, D)
		A = famLin(1, A, 1, famLin(1, famOuter(p, yt, x), 1, famOuter(p, x, yt)))

		hc := HalfCurvature{Block: a, Neuron: first, Value: math.Inf(1)}
		// Cell-constant vectors: M_bc = ⟨1_b, A1_c⟩/√(p_b p_c).
		M := mat.NewSymDense(r, nil)
		for b := range r {
			for c := b; c < r; c++ {
				v := A.off[b*r+c] * (p[c] - boolf(b == c))
				if b == c {
					v += A.diag[b]
				}
				M.SetSym(b, c, v*math.Sqrt(p[b]/p[c]))
			}
		}
		var es mat.EigenSym
		if !es.Factorize(M, true) {
			return nil, errors.New("landscape: HalfCurvatures: eigendecomposition failed")
		}
		vals := es.Values(nil)
		var vecs mat.Dense
		es.VectorsTo(&vecs)
		hc.Value, hc.Irrep = vals[0], "1"
		best := -1
		for b := range r {
			if p[b] >= 2 && A.diag[b]-A.off[b*r+b] < hc.Value {
				hc.Value, hc.Irrep, best = A.diag[b]-A.off[b*r+b], fmt.Sprintf("S_%d", b+1), b
			}
		}
		if integer {
			d := int(fs.D())
			// Coordinates in the order of Matrix: block by block, i first
			// in its block.
			hc.Vector = make([]float64, 0, d)
			for b := range r {
				for k := range int(p[b]) {
					switch {
					case best < 0:
						hc.Vector = append(hc.Vector, vecs.At(b, 0)/math.Sqrt(p[b]))
					case b == best && k < 2:
						hc.Vector = append(hc.Vector, float64(1-2*k)/math.Sqrt2)
					default:
						hc.Vector = append(hc.Vector, 0)
					}
				}
			}
		}
		out = append(out, hc)
		first += int(pa)
	}
	return out, nil
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
