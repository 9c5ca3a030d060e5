// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"
	"runtime"
	"slices"
	"sync"

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
