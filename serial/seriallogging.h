#pragma once

#include <QLoggingCategory>

// Serial hardware links; enable with QT_LOGGING_RULES="chargebench.serial.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSerial)
