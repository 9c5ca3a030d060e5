// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build race

package landscape

// famRace is true under the race detector, which slows the pure-Go dense
// eigensolver about tenfold; the d = 40 dense comparison is skipped then.
const famRace = true
