// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !openblas

package linalg

// Backend names the numerical backend linalg installed into gonum at init:
// "openblas" when built with -tags openblas, "gonum" otherwise.
const Backend = "gonum"
