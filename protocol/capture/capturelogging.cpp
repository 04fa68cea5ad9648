#include "capturelogging.h"

Q_LOGGING_CATEGORY(lcCapture, "chargebench.capture")
