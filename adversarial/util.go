// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

func sortFloats(x []float64) { slices.Sort(x) }

// ensure returns a matrix of shape r×c, reusing m when it fits.
func ensure(m *mat.Dense, r, c int) *mat.Dense {
	if m != nil {
		if rr, cc := m.Dims(); rr == r && cc == c {
			return m
		}
	}
	return mat.NewDense(r, c, nil)
}

// rowNorm returns the Euclidean norm of x.
func rowNorm(x []float64) float64 {
	return math.Sqrt(floats.Dot(x, x))
}

// checkLabels panics unless y has length n and entries ±1.
func checkLabels(y []float64, n int) {
	if len(y) != n {
		panic("adversarial: labels have wrong length")
	}
	for _, v := range y {
		if v != 1 && v != -1 {
			panic("adversarial: labels must be ±1")
		}
	}
}
