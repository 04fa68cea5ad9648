#include "simulatorlogging.h"

Q_LOGGING_CATEGORY(lcSimulator, "chargebench.simulator", QtInfoMsg)
