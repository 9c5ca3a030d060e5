// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// SplitNeuron embeds a student W (k×d) into the width-(k+1) problem by
// splitting neuron i into t·wᵢ (kept in row i) and (1−t)·wᵢ (a new last row).
// Since relu is positively homogeneous, relu(t·wᵢ·x) + relu((1−t)·wᵢ·x) =
// relu(wᵢ·x) for t in [0, 1], so the network, the loss, and (for 0 < t < 1)
// criticality are unchanged: ∇_{t·wᵢ}F = ∇_{wᵢ}F of the k problem because the
// gradient of a neuron depends only on its direction and the network.
// It returns a new (k+1)×d matrix and panics if i is out of range or t is
// not in (0, 1).
func SplitNeuron(W mat.Matrix, i int, t float64) *mat.Dense {
	k, d := W.Dims()
	if i < 0 || i >= k {
		panic(fmt.Sprintf("landscape: SplitNeuron: neuron %d of %d", i, k))
	}
	if !(t > 0 && t < 1) {
		panic(fmt.Sprintf("landscape: SplitNeuron: t = %v not in (0, 1)", t))
	}
	out := mat.NewDense(k+1, d, nil)
	out.Slice(0, k, 0, d).(*mat.Dense).Copy(W)
	for j := range d {
		w := W.At(i, j)
		out.Set(i, j, t*w)
		out.Set(k, j, (1-t)*w)
	}
	return out
}

// AddNeuron embeds W (k×d) into the width-(k+1) problem by appending the
// neuron w (len d): w = wᵢ duplicates a neuron (this changes the network,
// so the point is in general neither critical nor of the same loss), w = 0
// adds a neuron with zero output (same network and loss, but F is not
// differentiable at a zero neuron: see ZeroNeuronSlope). It returns a new
// matrix and panics if len(w) ≠ d.
func AddNeuron(W mat.Matrix, w []float64) *mat.Dense {
	k, d := W.Dims()
	if len(w) != d {
		panic(fmt.Sprintf("landscape: AddNeuron: len(w) = %d, want %d", len(w), d))
	}
	out := mat.NewDense(k+1, d, nil)
	out.Slice(0, k, 0, d).(*mat.Dense).Copy(W)
	out.SetRow(k, w)
	return out
}

// ZeroNeuronSlope returns the steepest one-sided slope of F at a student W
// (k×d, α = β = 1, teacher V) with an extra zero neuron, along unit
// directions u of that neuron:
//
//	∂F/∂ε (W, εu)|_{ε=0⁺} = E[relu(u·x)(f_W(x) − f_V(x))] = Σᵢ f(u,wᵢ) − Σⱼ f(u,vⱼ) =: s(u),
//
// minimized over the unit sphere (projected gradient descent on s from the
// directions ±wᵢ/‖wᵢ‖ and ±vⱼ/‖vⱼ‖; s is positively homogeneous of degree 1,
// ∇s(u) = Σᵢ g(u,wᵢ) − Σⱼ g(u,vⱼ)). At a critical point of the width-k
// problem s(w̄ᵢ) = w̄ᵢ·∇_{wᵢ}F = 0, so the minimum is ≤ 0; it is < 0 exactly
// when growing the zero neuron along u decreases F to first order, i.e. the
// embedded point is not a local minimum (nor a critical point in any
// one-sided sense). It returns the minimum and its direction (a unit
// vector), or +Inf and nil if every row of W and V is zero. It panics if W
// and V have different numbers of columns.
func ZeroNeuronSlope(W, V mat.Matrix) (slope float64, dir []float64) {
	k, d := W.Dims()
	m, dv := V.Dims()
	if dv != d {
		panic("landscape: ZeroNeuronSlope: W and V have different d")
	}
	rows := func(A mat.Matrix, n int) [][]float64 {
		out := make([][]float64, n)
		for i := range n {
			out[i] = mat.Row(nil, i, A)
		}
		return out
	}
	ws, vs := rows(W, k), rows(V, m)
	// kern returns f(u, a) for unit u and its gradient in u, added to g
	// with sign sg.
	kern := func(u, a []float64, sg float64, g []float64) float64 {
		na := floats.Norm(a, 2)
		if na == 0 {
			return 0
		}
		c := math.Max(-1, math.Min(1, floats.Dot(u, a)/na))
		th := math.Acos(c)
		s := math.Sqrt(math.Max(0, 1-c*c))
		// g(u,a) = (‖a‖ sin θ ū + (π − θ) a)/(2π) for ‖u‖ = 1.
		for j := range g {
			g[j] += sg * (na*s*u[j] + (math.Pi-th)*a[j]) / (2 * math.Pi)
		}
		return na * (s + (math.Pi-th)*c) / (2 * math.Pi)
	}
	s := func(u, g []float64) float64 {
		for j := range g {
			g[j] = 0
		}
		var v float64
		for _, w := range ws {
			v += kern(u, w, 1, g)
		}
		for _, t := range vs {
			v -= kern(u, t, -1, g)
		}
		return v
	}
	best := math.Inf(1)
	var bestDir []float64
	g := make([]float64, d)
	trial := make([]float64, d)
	var starts [][]float64
	for _, a := range append(append([][]float64{}, ws...), vs...) {
		na := floats.Norm(a, 2)
		if na == 0 {
			continue
		}
		p, q := make([]float64, d), make([]float64, d)
		for j := range a {
			p[j], q[j] = a[j]/na, -a[j]/na
		}
		starts = append(starts, p, q)
	}
	for _, u := range starts {
		val := s(u, g)
		step := 1.0
		for it := 0; it < 500 && step > 1e-12; it++ {
			// Riemannian gradient: remove the radial part (s is 1-homogeneous,
			// so u·∇s = s).
			for j := range g {
				g[j] -= val * u[j]
			}
			gn := floats.Norm(g, 2)
			if gn < 1e-13 {
				break
			}
			for {
				for j := range trial {
					trial[j] = u[j] - step*g[j]
				}
				nt := floats.Norm(trial, 2)
				for j := range trial {
					trial[j] /= nt
				}
				tv := s(trial, nil)
				if tv < val-1e-4*step*gn*gn {
					copy(u, trial)
					val = s(u, g)
					step *= 2
					break
				}
				step /= 2
				if step < 1e-12 {
					break
				}
			}
		}
		if val < best {
			best = val
			bestDir = append([]float64(nil), u...)
		}
	}
	return best, bestDir
}
