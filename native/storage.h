// Tensor storage from a caching allocator (native/storage.cc, Note [Caching tensor storage]).
#pragma once

#include <napi.h>

namespace tg {

/** Adds storage(bytes, zero), storageStats() and releaseStorage() to the addon's exports. */
void register_storage(Napi::Env env, Napi::Object exports);

}  // namespace tg
