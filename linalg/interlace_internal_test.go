// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"slices"
	"testing"
)

// TestInterlaceMargins checks the margin and violation bookkeeping on
// spectra that do not interlace (which Interlace itself cannot produce).
func TestInterlaceMargins(t *testing.T) {
	a := []float64{0, 1, 2, 3}
	for _, c := range []struct {
		b          []float64
		tol        float64
		violations []int
	}{
		{[]float64{0.5, 2.5}, 0, nil},
		{[]float64{0, 3}, 0, nil},           // equality
		{[]float64{-0.1, 2.5}, 0, []int{0}}, // below λ₀(A)
		{[]float64{-0.1, 2.5}, 0.1, nil},    // … within tolerance
		{[]float64{0.5, 3.5}, 0, []int{1}},  // above λ₃(A)
		{[]float64{2.5, 2.6}, 0, []int{0}},  // λ₀(B) > λ₂(A)
		{[]float64{-1, 1, 3.5}, 0, []int{0, 2}},
	} {
		r := interlaceMargins(a, c.b, c.tol)
		if !slices.Equal(r.Violations, c.violations) || r.OK != (len(c.violations) == 0) {
			t.Errorf("B = %v, tol %v: violations %v (ok %v), want %v", c.b, c.tol, r.Violations, r.OK, c.violations)
		}
	}
}
