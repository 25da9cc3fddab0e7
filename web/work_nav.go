package web

import (
	"fmt"
	"net/http"

	"github.com/govflow/govflow/auth"
)

// The navigation badge of 待办: the person's open tasks, in the alert colour when some are overdue.
func init() {
	RegisterNavCount("todo", func(s *Server, r *http.Request, u *auth.User) (NavBadge, error) {
		svc, err := s.Workflow()
		if err != nil || svc == nil {
			return NavBadge{}, err
		}
		c, err := svc.Counts(r.Context(), u.ID)
		b := NavBadge{Count: c.Todo}
		if c.Overdue > 0 {
			b.Alert = fmt.Sprintf("%d 件超期", c.Overdue)
		}
		return b, err
	})
}
