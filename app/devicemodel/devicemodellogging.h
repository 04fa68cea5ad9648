#pragma once

#include <QLoggingCategory>

namespace cb {
Q_DECLARE_LOGGING_CATEGORY(lcDeviceModel)
} // namespace cb
