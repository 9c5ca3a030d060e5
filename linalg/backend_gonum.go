// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas

package linalg

// Backend names the numerical backend linalg installed into gonum at init:
// "openblas" when built with -tags openblas (OpenBLAS's BLAS-2/3 and LAPACK's
// dsyevd/dsyevr through cgo), "go" otherwise (gonum's pure-Go BLAS and
// LAPACK with linalg's packed multi-core Dgemm, Dsyrk, Dsyr2k and Dsymv, and
// a divide-and-conquer eigensolver behind EigenSym).
const Backend = "go"
