// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ensure returns a matrix of shape r×c, reusing m when it fits.
func ensure(m *mat.Dense, r, c int) *mat.Dense {
	if m != nil {
		if rr, cc := m.Dims(); rr == r && cc == c {
			return m
		}
	}
	return mat.NewDense(r, c, nil)
}

// ensureDst returns the destination dst of shape n×d: allocated if nil,
// resized if empty. It panics if dst has another shape.
func ensureDst(dst *mat.Dense, n, d int) *mat.Dense {
	switch {
	case dst == nil:
		return mat.NewDense(n, d, nil)
	case dst.IsEmpty():
		dst.ReuseAs(n, d)
		return dst
	}
	if r, c := dst.Dims(); r != n || c != d {
		panic("adversarial: destination has wrong shape")
	}
	return dst
}

// checkFinite returns an error wrapping ErrNotFinite, naming the entry, if
// the matrix what holds NaN or ±Inf.
func checkFinite(what string, A mat.Matrix) error {
	n, d := A.Dims()
	if a, ok := A.(*mat.Dense); ok {
		for i := 0; i < n; i++ {
			for j, v := range a.RawRowView(i) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("%w: %s[%d,%d] = %v", ErrNotFinite, what, i, j, v)
				}
			}
		}
		return nil
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if v := A.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: %s[%d,%d] = %v", ErrNotFinite, what, i, j, v)
			}
		}
	}
	return nil
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

// parallelRows calls work on consecutive blocks of the rows 0…n−1 of an n×m
// pass, on up to GOMAXPROCS goroutines when the pass is large enough to pay
// for them. The blocks are disjoint, so work must only touch its own rows.
func parallelRows(n, m int, work func(lo, hi int)) {
	p := runtime.GOMAXPROCS(0)
	if p < 2 || n < 2*minParallelRows || n*m < 1<<16 {
		work(0, n)
		return
	}
	p = min(p, n/minParallelRows)
	var wg sync.WaitGroup
	for k := 0; k < p; k++ {
		lo, hi := k*n/p, (k+1)*n/p
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(lo, hi)
		}()
	}
	wg.Wait()
}

// minParallelRows is the smallest block of rows worth a goroutine.
const minParallelRows = 64
