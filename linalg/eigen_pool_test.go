// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// TestEigenSymRecycledWork checks that EigenSym's recycled working copies
// leave no trace: calls of several sizes, one after another and from
// several goroutines at once, give the bits of a first call on each matrix.
func TestEigenSymRecycledWork(t *testing.T) {
	sizes := []int{70, 50, 70, 120, 33}
	mats := make([]*mat.SymDense, len(sizes))
	want := make([]*linalg.Eigen, len(sizes))
	for i, n := range sizes {
		mats[i] = randSym(rand.New(rand.NewPCG(77, uint64(i))), n)
		var err error
		if want[i], err = linalg.EigenSym(mats[i], true); err != nil {
			t.Fatal(err)
		}
	}
	check := func(i int) {
		got, err := linalg.EigenSym(mats[i], true)
		if err != nil {
			t.Error(err)
			return
		}
		if !floats.Same(got.Values, want[i].Values) || !mat.Equal(got.Vectors, want[i].Vectors) {
			t.Errorf("matrix %d (n = %d): a later call differs from the first", i, sizes[i])
		}
	}
	for range 3 {
		for i := range sizes {
			check(i)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 6 {
				check((g + r) % len(sizes))
			}
		}()
	}
	wg.Wait()
}
