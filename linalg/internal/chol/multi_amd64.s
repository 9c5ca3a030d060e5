// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

#include "textflag.h"

// ROWS8 sets AX, R9–R14, DX to the eight rows u, u+ldu, …, u+7·ldu (ldu in
// bytes in BX).
#define ROWS8 \
	LEAQ (AX)(BX*1), R9 \
	LEAQ (R9)(BX*1), R10 \
	LEAQ (R10)(BX*1), R11 \
	LEAQ (R11)(BX*1), R12 \
	LEAQ (R12)(BX*1), R13 \
	LEAQ (R13)(BX*1), R14 \
	LEAQ (R14)(BX*1), DX

// func updT8AVX512(k int, u *float64, ldu int, y *float64, x *float64, ldx int)
// x[j·ldx : j·ldx+8] −= Σₚ u[p·ldu+j]·y[p·ldx : p·ldx+8], p = 0…7 in order
// (one fused multiply-add each), for j = 0…k−1.
TEXT ·updT8AVX512(SB), NOSPLIT, $0-48
	MOVQ    k+0(FP), CX
	MOVQ    u+8(FP), AX
	MOVQ    ldu+16(FP), BX
	MOVQ    y+24(FP), DX
	MOVQ    x+32(FP), DI
	MOVQ    ldx+40(FP), R8
	SHLQ    $3, BX
	SHLQ    $3, R8
	VMOVUPD (DX), Z0
	ADDQ    R8, DX
	VMOVUPD (DX), Z1
	ADDQ    R8, DX
	VMOVUPD (DX), Z2
	ADDQ    R8, DX
	VMOVUPD (DX), Z3
	ADDQ    R8, DX
	VMOVUPD (DX), Z4
	ADDQ    R8, DX
	VMOVUPD (DX), Z5
	ADDQ    R8, DX
	VMOVUPD (DX), Z6
	ADDQ    R8, DX
	VMOVUPD (DX), Z7
	ROWS8
	XORQ    SI, SI

updloop:
	CMPQ              SI, CX
	JGE               upddone
	VMOVUPD           (DI), Z8
	VFNMADD231PD.BCST (AX)(SI*8), Z0, Z8
	VFNMADD231PD.BCST (R9)(SI*8), Z1, Z8
	VFNMADD231PD.BCST (R10)(SI*8), Z2, Z8
	VFNMADD231PD.BCST (R11)(SI*8), Z3, Z8
	VFNMADD231PD.BCST (R12)(SI*8), Z4, Z8
	VFNMADD231PD.BCST (R13)(SI*8), Z5, Z8
	VFNMADD231PD.BCST (R14)(SI*8), Z6, Z8
	VFNMADD231PD.BCST (DX)(SI*8), Z7, Z8
	VMOVUPD           Z8, (DI)
	ADDQ              R8, DI
	INCQ              SI
	JMP               updloop

upddone:
	VZEROUPPER
	RET

// func dot8AVX512(k int, u *float64, ldu int, x *float64, ldx int, acc *float64)
// acc[p·8 : p·8+8] += Σⱼ u[p·ldu+j]·x[j·ldx : j·ldx+8], j = 0…k−1 in order
// (one fused multiply-add each), for p = 0…7.
TEXT ·dot8AVX512(SB), NOSPLIT, $0-48
	MOVQ    k+0(FP), CX
	MOVQ    u+8(FP), AX
	MOVQ    ldu+16(FP), BX
	MOVQ    x+24(FP), DI
	MOVQ    ldx+32(FP), R8
	MOVQ    acc+40(FP), SI
	SHLQ    $3, BX
	SHLQ    $3, R8
	VMOVUPD (SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VMOVUPD 256(SI), Z4
	VMOVUPD 320(SI), Z5
	VMOVUPD 384(SI), Z6
	VMOVUPD 448(SI), Z7
	ROWS8
	XORQ    SI, SI

dotloop:
	CMPQ             SI, CX
	JGE              dotdone
	VMOVUPD          (DI), Z8
	VFMADD231PD.BCST (AX)(SI*8), Z8, Z0
	VFMADD231PD.BCST (R9)(SI*8), Z8, Z1
	VFMADD231PD.BCST (R10)(SI*8), Z8, Z2
	VFMADD231PD.BCST (R11)(SI*8), Z8, Z3
	VFMADD231PD.BCST (R12)(SI*8), Z8, Z4
	VFMADD231PD.BCST (R13)(SI*8), Z8, Z5
	VFMADD231PD.BCST (R14)(SI*8), Z8, Z6
	VFMADD231PD.BCST (DX)(SI*8), Z8, Z7
	ADDQ             R8, DI
	INCQ             SI
	JMP              dotloop

dotdone:
	MOVQ    acc+40(FP), SI
	VMOVUPD Z0, (SI)
	VMOVUPD Z1, 64(SI)
	VMOVUPD Z2, 128(SI)
	VMOVUPD Z3, 192(SI)
	VMOVUPD Z4, 256(SI)
	VMOVUPD Z5, 320(SI)
	VMOVUPD Z6, 384(SI)
	VMOVUPD Z7, 448(SI)
	VZEROUPPER
	RET
