#pragma once

#include <QLoggingCategory>

// Enable with QT_LOGGING_RULES="chargebench.pki.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcPki)
