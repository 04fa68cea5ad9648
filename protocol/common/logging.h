#pragma once

#include <QLoggingCategory>

// One category per subsystem; enable with QT_LOGGING_RULES="chargebench.ocpp.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcOcpp)
Q_DECLARE_LOGGING_CATEGORY(lcSchema)
Q_DECLARE_LOGGING_CATEGORY(lcTransport)
