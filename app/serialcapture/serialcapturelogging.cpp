#include "serialcapturelogging.h"

Q_LOGGING_CATEGORY(lcSerialCapture, "chargebench.serialcapture", QtWarningMsg)
