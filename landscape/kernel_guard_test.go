// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build linux

package landscape

import (
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"unsafe"
)

// guarded returns a slice of n elements of T (zeroed) that ends just before
// a page the process may not touch or, if front, starts just after one: a
// vector kernel that reads or writes one element beyond the slice (unmasked
// lanes of a partial vector, an off-by-one stride) faults. n = 0 gives nil.
func guarded[T any](t *testing.T, n int, front bool) []T {
	if n == 0 {
		return nil
	}
	var z T
	size := n * int(unsafe.Sizeof(z))
	pg := syscall.Getpagesize()
	pages := (size + pg - 1) / pg
	mem, err := syscall.Mmap(-1, 0, (pages+2)*pg, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[:pg], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[(pages+1)*pg:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	start := pg
	if !front {
		start = (pages+1)*pg - size
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&mem[start])), n)
}

// guardedCopy returns x in a guarded slice (see guarded).
func guardedCopy[T any](t *testing.T, x []T, front bool) []T {
	g := guarded[T](t, len(x), front)
	copy(g, x)
	return g
}

// TestKernelsGuarded runs each vector kernel on slices exactly as long as
// its arguments need (the last row without its stride's padding), placed
// against an inaccessible page at either end, and compares with the Go
// reference on ordinary slices: a read or write past either end of any
// argument crashes the test. Sizes: rows and columns around the blocks
// (4 and 8 rows, 8, 16 and 32 columns) and strides wider than the rows.
func TestKernelsGuarded(t *testing.T) {
	if mulRowsAsm == nil || pairRowsAsm == nil || normRowsAsm == nil || finishRowsAsm == nil {
		t.Skip("no vector kernels on this CPU")
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for _, front := range []bool{false, true} {
		for _, m := range []int{1, 3, 4, 5, 8, 9, 13} {
			for _, n := range []int{1, 7, 8, 9, 16, 17, 32, 33} {
				for _, k := range []int{1, 5} {
					lda, ldb, ldc := k+2*rng.IntN(2), n+3*rng.IntN(2), n+rng.IntN(2)
					a := randSlice(rng, (m-1)*lda+k)
					b := randSlice(rng, (k-1)*ldb+n)
					want := randSlice(rng, (m-1)*ldc+n)
					got := guardedCopy(t, want, front)
					mulRowsGo(m, n, k, a, lda, b, ldb, want, ldc)
					mulRowsAsm(m, n, k, guardedCopy(t, a, front), lda, guardedCopy(t, b, front), ldb, got, ldc)
					if i := firstDiff(got, want); i >= 0 {
						t.Fatalf("mulRows m=%d n=%d k=%d: entry %d differs", m, n, k, i)
					}
				}
			}
		}
		for _, rows := range []int{1, 3} {
			for _, n := range []int{1, 7, 8, 9, 15, 16, 17} {
				ld, n1 := n+rng.IntN(3), rng.IntN(n+1)
				l := (rows-1)*ld + n
				c, om := randCosines(rng, l), randSlice(rng, n)
				coef, idx, out := make([]float64, l), make([]int64, l), make([]pairSums, rows)
				pairRowsGo(c, ld, om, coef, rows, n1, idx, out, true)
				gcoef, gidx, gout := guarded[float64](t, l, front), guarded[int64](t, l, front), guarded[pairSums](t, rows, front)
				pairRowsAsm(guardedCopy(t, c, front), ld, guardedCopy(t, om, front), gcoef, rows, n1, gidx, gout, true)
				if !slices.Equal(gout, out) {
					t.Fatalf("pairRows rows=%d n=%d: sums %v, want %v", rows, n, gout, out)
				}
				for r := range rows {
					if i := firstDiff(gcoef[r*ld:r*ld+n], coef[r*ld:r*ld+n]); i >= 0 {
						t.Fatalf("pairRows rows=%d n=%d: coef %d of row %d differs", rows, n, i, r)
					}
					nf := out[r].nflag
					if !slices.Equal(gidx[r*ld:r*ld+nf], idx[r*ld:r*ld+nf]) {
						t.Fatalf("pairRows rows=%d n=%d: Kahan pairs of row %d differ", rows, n, r)
					}
				}
			}
		}
		for _, rows := range []int{1, 2, 9} {
			for _, d := range []int{1, 7, 8, 9, 16, 17} {
				ldw, ldt, ldg := d+rng.IntN(3), rows+rng.IntN(3), d+rng.IntN(3)
				w := randSlice(rng, (rows-1)*ldw+d)
				u, ut, nw := make([]float64, rows*d), make([]float64, (d-1)*ldt+rows), make([]float64, rows)
				normRowsGo(w, ldw, rows, d, u, ut, ldt, nw)
				gu, gut, gnw := guarded[float64](t, len(u), front), guarded[float64](t, len(ut), front), guarded[float64](t, rows, front)
				normRowsAsm(guardedCopy(t, w, front), ldw, rows, d, gu, gut, ldt, gnw)
				for i := range rows {
					for j := range d {
						if gut[j*ldt+i] != ut[j*ldt+i] {
							t.Fatalf("normRows rows=%d d=%d: Ŵᵀ[%d,%d] differs", rows, d, j, i)
						}
					}
				}
				if firstDiff(gu, u) >= 0 || firstDiff(gnw, nw) >= 0 {
					t.Fatalf("normRows rows=%d d=%d: unit rows or norms differ", rows, d)
				}

				g := randSlice(rng, (rows-1)*ldg+d)
				gg := guardedCopy(t, g, front)
				r, s := randSlice(rng, rows), randSlice(rng, rows)
				ss, gss := make([]float64, rows), guarded[float64](t, rows, front)
				finishRowsGo(g, ldg, rows, d, u, r, s, ss)
				finishRowsAsm(gg, ldg, rows, d, guardedCopy(t, u, front), guardedCopy(t, r, front), guardedCopy(t, s, front), gss)
				if firstDiff(gg, g) >= 0 || firstDiff(gss, ss) >= 0 {
					t.Fatalf("finishRows rows=%d d=%d: results differ", rows, d)
				}
			}
		}
	}
}
