#include "seriallogging.h"

// Warnings by default: per-frame trouble is counted in LinkCounters and shown through the API.
Q_LOGGING_CATEGORY(lcSerial, "chargebench.serial", QtWarningMsg)
