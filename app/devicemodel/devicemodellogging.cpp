#include "devicemodellogging.h"

namespace cb {
Q_LOGGING_CATEGORY(lcDeviceModel, "chargebench.devicemodel")
} // namespace cb
