#pragma once

#include <cstddef>

namespace cb {

// True when the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF). WebSocket text messages must be (RFC 6455 §8.1); a charger sending anything
// else gets close code 1007. Runs over every received frame, so ASCII is checked 8 bytes at a time.
bool isValidUtf8(const char *data, std::size_t size);

} // namespace cb
