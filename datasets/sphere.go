// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrSeparation is returned (wrapped) by SeparatedSphere when it cannot place
// a point at the requested distance from the others.
var ErrSeparation = errors.New("datasets: cannot reach the requested separation")

// Sphere returns n points drawn independently and uniformly from the unit
// sphere S^{d−1} ⊂ R^d, as the rows of an n×d matrix: each row is a standard
// Gaussian vector divided by its norm (drawn row by row, so a seed fixes the
// result). It returns an empty matrix for n = 0 and panics if n < 0 or d < 1.
func Sphere(n, d int, rnd *rand.Rand) *mat.Dense {
	if n < 0 || d < 1 {
		panic("datasets: bad sphere sample size")
	}
	if n == 0 {
		return &mat.Dense{}
	}
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		sphereRow(X.RawRowView(i), rnd)
	}
	return X
}

// sphereRow fills x with a uniform point of the unit sphere.
func sphereRow(x []float64, rnd *rand.Rand) {
	for {
		for j := range x {
			x[j] = rnd.NormFloat64()
		}
		// A zero Gaussian vector has probability zero; redraw if it happens.
		if nrm := floats.Norm(x, 2); nrm > 0 {
			floats.Scale(1/nrm, x)
			return
		}
	}
}

// SeparatedSphere returns n points of the unit sphere S^{d−1} with pairwise
// distances ‖x_i − x_j‖ ≥ φ, the data separation assumed by Zou & Gu (2019)
// and Allen-Zhu et al. (2019). Points are drawn uniformly one at a time and
// rejected while closer than φ to an accepted one (random sequential
// adsorption: for small φ the sample is close to uniform, for φ near the
// packing limit it is more regular). Each point gets at most tries draws
// (tries ≤ 0 means 1000); if a point finds no place, SeparatedSphere returns
// nil and an error wrapping ErrSeparation that says how many points were
// placed. SeparatedSphere(0, …), like Sphere(0, d), returns an empty
// matrix. It panics if n < 0, d < 1 or φ is negative or NaN.
func SeparatedSphere(n, d int, phi float64, tries int, rnd *rand.Rand) (*mat.Dense, error) {
	if n < 0 || d < 1 {
		panic("datasets: bad sphere sample size")
	}
	if !(phi >= 0) {
		panic("datasets: negative or NaN separation")
	}
	if tries <= 0 {
		tries = 1000
	}
	if n == 0 {
		return &mat.Dense{}, nil
	}
	if phi > 2 {
		return nil, fmt.Errorf("datasets: separation %v exceeds the sphere's diameter 2: %w", phi, ErrSeparation)
	}
	X := mat.NewDense(n, d, nil)
	raw := X.RawMatrix()
	dots := make([]float64, n)
	// For unit vectors ‖x − y‖² = 2 − 2x·y, so ‖x − y‖ ≥ φ ⟺ x·y ≤ 1 − φ²/2.
	maxDot := 1 - phi*phi/2
	for i := 0; i < n; i++ {
		x := X.RawRowView(i)
		placed := false
		for t := 0; t < tries; t++ {
			sphereRow(x, rnd)
			if i == 0 {
				placed = true
				break
			}
			prev := blas64.General{Rows: i, Cols: d, Stride: raw.Stride, Data: raw.Data}
			blas64.Gemv(blas.NoTrans, 1, prev, blas64.Vector{N: d, Inc: 1, Data: x}, 0,
				blas64.Vector{N: i, Inc: 1, Data: dots[:i]})
			if floats.Max(dots[:i]) <= maxDot && minDistance(X, i) >= phi {
				placed = true
				break
			}
		}
		if !placed {
			return nil, fmt.Errorf("datasets: placed %d of %d points on S^%d with separation %v after %d tries for the next: %w",
				i, n, d-1, phi, tries, ErrSeparation)
		}
	}
	return X, nil
}

// minDistance returns the smallest distance from row i of X to rows 0…i−1,
// computed directly, which guards the dot-product test against rounding.
func minDistance(X *mat.Dense, i int) float64 {
	x := X.RawRowView(i)
	best := math.Inf(1)
	for j := 0; j < i; j++ {
		best = min(best, floats.Distance(x, X.RawRowView(j), 2))
	}
	return best
}
