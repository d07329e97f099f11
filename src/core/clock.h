/* "Today" for the register: the local date in Europe/Amsterdam (CONTRACT 2;
 * main sets TZ). */
#ifndef ROD_CORE_CLOCK_H
#define ROD_CORE_CLOCK_H

#include "rules/date.h"

rod_date rod_today(void);

#endif
