// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas || !cgo

package linalg

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFixSigns checks the sign convention and that the first non-finite
// entry in row-major order is reported, with q left as it was.
func TestFixSigns(t *testing.T) {
	q := mat.NewDense(3, 2, []float64{
		0.5, -2,
		-1, 1,
		0.25, 2,
	})
	if _, _, ok := fixSigns(q); !ok {
		t.Fatal("finite q reported as not finite")
	}
	// Column 0's largest entry −1 turns positive; column 1's first
	// largest, −2, too.
	if want := mat.NewDense(3, 2, []float64{-0.5, 2, 1, -1, -0.25, -2}); !mat.Equal(q, want) {
		t.Errorf("signs: got %v, want %v", mat.Formatted(q), mat.Formatted(want))
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		q := mat.NewDense(3, 2, []float64{1, 2, 3, bad, bad, 4})
		before := mat.DenseCopyOf(q)
		if i, j, ok := fixSigns(q); ok || i != 1 || j != 1 {
			t.Errorf("%v: got (%d, %d, %v), want (1, 1, false)", bad, i, j, ok)
		}
		if i, j, ok := firstNonFinite(q); ok || i != 1 || j != 1 {
			t.Errorf("firstNonFinite %v: got (%d, %d, %v), want (1, 1, false)", bad, i, j, ok)
		}
		for i := range 3 {
			for j := range 2 {
				if a, b := q.At(i, j), before.At(i, j); a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Errorf("%v: q modified at (%d, %d)", bad, i, j)
				}
			}
		}
	}
}

// TestStreamCopy checks the copy between two differently cut streams, and
// that it stops at the shorter.
func TestStreamCopy(t *testing.T) {
	src := [][]float64{{1, 2, 3}, {}, {4}, {5, 6}}
	buf := make([]float64, 8)
	dst := [][]float64{buf[:2], buf[2:2], buf[2:5], buf[5:8]}
	streamCopy(dst, src)
	if want := []float64{1, 2, 3, 4, 5, 6, 0, 0}; !slices.Equal(buf, want) {
		t.Errorf("got %v, want %v", buf, want)
	}
	back := [][]float64{make([]float64, 4), make([]float64, 1)}
	streamCopy(back, dst)
	if !slices.Equal(back[0], []float64{1, 2, 3, 4}) || back[1][0] != 5 {
		t.Errorf("back: got %v", back)
	}
}
