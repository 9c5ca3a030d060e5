// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestOrientRows checks orientRows against fixSigns on the transpose: the
// entry of largest magnitude (the first on ties) of each row ends positive,
// and a row with a NaN is left alone.
func TestOrientRows(t *testing.T) {
	nan := math.NaN()
	rows := [][]float64{
		{0.5, -0.75, 0.25, 0},
		{-0.5, 0.5, 0.1, 0.2}, // tie: the first, negative, decides
		{0.5, -0.5, 0.1, 0.2}, // tie: the first, positive, decides
		{-1, nan, 0.5, 0.25},  // left alone
		{0, 0, 0, -3},
	}
	n, lda := 4, 6
	a := make([]float64, len(rows)*lda)
	for i, r := range rows {
		copy(a[i*lda:], r)
		a[i*lda+4] = 7 // padding
	}
	orientRows(n, a, lda)
	want := [][]float64{
		{-0.5, 0.75, -0.25, 0},
		{0.5, -0.5, -0.1, -0.2},
		{0.5, -0.5, 0.1, 0.2},
		{-1, nan, 0.5, 0.25},
		{0, 0, 0, 3},
	}
	for i := range n {
		for j := range n {
			got := a[i*lda+j]
			if !(got == want[i][j] || math.IsNaN(got) && math.IsNaN(want[i][j])) {
				t.Errorf("row %d: entry %d = %v, want %v", i, j, got, want[i][j])
			}
		}
		if a[i*lda+4] != 7 {
			t.Errorf("row %d: padding written", i)
		}
	}
	// The same as fixSigns on the columns of the transpose (NaN row aside).
	q := mat.NewDense(n, n, nil)
	for i := range n {
		if i == 3 {
			continue
		}
		for j := range n {
			q.Set(j, i, rows[i][j])
		}
	}
	fixSigns(q)
	for i := range n {
		if i == 3 {
			continue
		}
		for j := range n {
			if q.At(j, i) != want[i][j] {
				t.Errorf("fixSigns disagrees at row %d, entry %d", i, j)
			}
		}
	}
}
