{
  "target_defaults": {
    "cflags_cc": ["-O3", "-ffp-contract=off", "-fno-trapping-math", "-fno-math-errno", "-fPIC", "-pthread"],
    "cflags_cc!": ["-O2", "-O0"],
    "xcode_settings": {
      "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off", "-fno-trapping-math", "-fno-math-errno", "-std=c++17"],
      "MACOSX_DEPLOYMENT_TARGET": "10.15"
    },
    "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/std:c++17", "/O2"] } },
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"]
  },
  "targets": [
    {
      "target_name": "tensorgrad_generic",
      "type": "static_library",
      "sources": ["native/kernels_generic.cc"]
    },
    {
      "target_name": "tensorgrad",
      "sources": ["native/addon.cc", "native/ops.cc", "native/reduce.cc", "native/gemm.cc", "native/pool.cc",
                  "native/nn.cc", "native/optim.cc", "native/random.cc",
                  "native/storage.cc"],
      "dependencies": ["tensorgrad_generic"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["target_arch=='x64'", { "dependencies": ["tensorgrad_avx2", "tensorgrad_avx512"] }]
      ]
    }
  ],
  "conditions": [
    [
      "target_arch=='x64'",
      {
        "targets": [
          {
            "target_name": "tensorgrad_avx2",
            "type": "static_library",
            "sources": ["native/gemm_avx2.cc", "native/vmath_avx2.cc", "native/random_avx2.cc"],
            "cflags_cc": ["-mavx2", "-mfma"],
            "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-mavx2", "-mfma"] },
            "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/arch:AVX2"] } }
          },
          {
            "target_name": "tensorgrad_avx512",
            "type": "static_library",
            "sources": ["native/gemm_avx512.cc"],
            "cflags_cc": ["-mavx512f", "-mavx2", "-mfma"],
            "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-mavx512f", "-mavx2", "-mfma"] },
            "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/arch:AVX512"] } }
          }
        ]
      }
    ]
  ]
}
