#include "pkilogging.h"

// Debug output (one line per key and certificate) only when asked for.
Q_LOGGING_CATEGORY(lcPki, "chargebench.pki", QtInfoMsg)
