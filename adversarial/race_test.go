// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build race

package adversarial

// raceEnabled reports whether the race detector is on: it allocates on its
// own, so allocation counts are not checked then.
const raceEnabled = true
