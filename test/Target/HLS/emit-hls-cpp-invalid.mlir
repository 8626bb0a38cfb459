// RUN: rnn-translate --emit-hls-cpp %s -split-input-file -verify-diagnostics

func.func @vector(%x: memref<4xf32>) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xf32>
  // expected-error @+1 {{HLS emitter: unsupported op 'arith.bitcast'}}
  %b = arith.bitcast %v : f32 to i32
  return %x : memref<4xf32>
}

// -----

// expected-error @+1 {{HLS emitter: unsupported element type 'f64' (supported: f32, index, i1, i8, i16, i32, i64)}}
func.func @f64(%x: memref<4xf64>) -> memref<4xf64> {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xf64>
  return %x : memref<4xf64>
}

// -----

// expected-error @+1 {{HLS emitter: argument 0 of @dyn must be a statically shaped memref}}
func.func @dyn(%x: memref<?xf32>) {
  return
}

// -----

func.func @a() {
  return
}
// expected-error @+1 {{HLS emitter: the module must hold exactly one function (the top); found @a and @b}}
func.func @b() {
  return
}

// -----

func.func @strided_alloc(%x: memref<4xf32>) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{HLS emitter: buffers need a static (or bounded outermost) shape and an identity layout, got 'memref<4xf32, strided<[2]>>'}}
  %e = memref.alloc() : memref<4xf32, strided<[2]>>
  return %x : memref<4xf32>
}
