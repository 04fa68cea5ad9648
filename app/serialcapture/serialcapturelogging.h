#pragma once

#include <QLoggingCategory>

// The serial channel of the capture and the serial session; enable with
// QT_LOGGING_RULES="chargebench.serialcapture.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSerialCapture)
