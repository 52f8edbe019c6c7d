export { loadWorkingDayCalendar, seedCalendarFromLibrary } from './calendar.service';
