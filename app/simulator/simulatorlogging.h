#pragma once

#include <QLoggingCategory>

// The virtual charging station; enable with QT_LOGGING_RULES="chargebench.simulator.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSimulator)
